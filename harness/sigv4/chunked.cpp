#include "harness/sigv4/chunked.h"

#include <fmt/format.h>

#include <cstdint>
#include <optional>

#include "harness/sigv4/constants.h"
#include "harness/sigv4/crypto.h"
#include "harness/sigv4/signing_key.h"

namespace scopecheck::sigv4 {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kChunkSignatureExt = ";chunk-signature=";
constexpr std::string_view kTrailerSignatureName = "x-amz-trailer-signature";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// 1..16 hex digits, no sign, no overflow.
std::optional<std::size_t> parse_hex_size(std::string_view s) {
  if (s.empty() || s.size() > 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    int d = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<std::uint64_t>(d);
  }
  return static_cast<std::size_t>(v);
}

ChunkedDecodeResult fail(ChunkedDecodeResult r, Outcome o, std::string detail) {
  r.outcome = o;
  r.detail = std::move(detail);
  r.payload.clear();
  return r;
}

// Reads "name:value\r\n" trailer lines from body[pos] up to the empty line that ends the body.
// With signed, the last line must be x-amz-trailer-signature and its value goes to *signature.
bool read_trailers(std::string_view body, std::size_t pos, ChunkedDecodeResult& r,
                   std::string* signature, std::string& detail) {
  while (true) {
    auto end = body.find(kCrlf, pos);
    if (end == std::string_view::npos) {
      detail = fmt::format("trailer line at byte {} is not terminated by CRLF", pos);
      return false;
    }
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 2;
    if (line.empty()) {
      if (pos != body.size()) {
        detail = fmt::format("{} bytes after the end of the aws-chunked body", body.size() - pos);
        return false;
      }
      if (signature && signature->empty()) {
        detail = "the trailer has no x-amz-trailer-signature";
        return false;
      }
      return true;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      detail = fmt::format("trailer line at byte {} is not 'name:value'", pos - line.size() - 2);
      return false;
    }
    std::string name = lower(trim(line.substr(0, colon)));
    std::string value(trim(line.substr(colon + 1)));
    if (name == kTrailerSignatureName) {
      if (!signature || !signature->empty()) {
        detail = "unexpected x-amz-trailer-signature";
        return false;
      }
      *signature = std::move(value);
      continue;
    }
    if (signature && !signature->empty()) {
      detail = "a trailer follows x-amz-trailer-signature";
      return false;
    }
    r.trailers.emplace_back(std::move(name), std::move(value));
  }
}

}  // namespace

std::string chunk_signature(const ChunkSigningContext& ctx, std::string_view previous_signature,
                            std::string_view chunk) {
  std::string sts;
  sts.append(kChunkAlgorithm)
      .append("\n")
      .append(ctx.amz_date)
      .append("\n")
      .append(ctx.scope)
      .append("\n");
  sts.append(previous_signature)
      .append("\n")
      .append(kEmptySha256)
      .append("\n")
      .append(sha256_hex(chunk));
  return sign_string(ctx.signing_key, sts);
}

std::string canonical_trailer(const std::vector<std::pair<std::string, std::string>>& trailers) {
  std::string out;
  for (const auto& [n, v] : trailers) out.append(lower(n)).append(":").append(trim(v)).append("\n");
  return out;
}

std::string trailer_signature(const ChunkSigningContext& ctx, std::string_view previous_signature,
                              const std::vector<std::pair<std::string, std::string>>& trailers) {
  std::string sts;
  sts.append(kTrailerAlgorithm)
      .append("\n")
      .append(ctx.amz_date)
      .append("\n")
      .append(ctx.scope)
      .append("\n");
  sts.append(previous_signature).append("\n").append(sha256_hex(canonical_trailer(trailers)));
  return sign_string(ctx.signing_key, sts);
}

ChunkedEncoding encode_aws_chunked(
    std::string_view payload, const ChunkSigningContext& ctx, std::string_view seed_signature,
    std::size_t chunk_size, const std::vector<std::pair<std::string, std::string>>& trailers) {
  if (chunk_size == 0) chunk_size = 65536;
  ChunkedEncoding out;
  std::string previous(seed_signature);
  std::size_t pos = 0;
  while (true) {
    std::string_view data = payload.substr(pos, chunk_size);
    std::string sig = chunk_signature(ctx, previous, data);
    out.body.append(fmt::format("{:x}", data.size()))
        .append(kChunkSignatureExt)
        .append(sig)
        .append(kCrlf);
    out.body.append(data);
    out.chunk_signatures.push_back(sig);
    previous = sig;
    pos += data.size();
    if (data.empty()) break;
    out.body.append(kCrlf);
  }
  if (!trailers.empty()) {
    for (const auto& [n, v] : trailers) out.body.append(n).append(":").append(v).append(kCrlf);
    out.trailer_signature = trailer_signature(ctx, previous, trailers);
    out.body.append(kTrailerSignatureName).append(":").append(out.trailer_signature).append(kCrlf);
  }
  out.body.append(kCrlf);
  return out;
}

std::string encode_aws_chunked_unsigned(
    std::string_view payload, std::size_t chunk_size,
    const std::vector<std::pair<std::string, std::string>>& trailers) {
  if (chunk_size == 0) chunk_size = 65536;
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::string_view data = payload.substr(pos, chunk_size);
    out.append(fmt::format("{:x}", data.size())).append(kCrlf).append(data);
    pos += data.size();
    if (data.empty()) break;
    out.append(kCrlf);
  }
  for (const auto& [n, v] : trailers) out.append(n).append(":").append(v).append(kCrlf);
  out.append(kCrlf);
  return out;
}

ChunkedDecodeResult decode_aws_chunked(std::string_view body, const ChunkSigningContext& ctx,
                                       std::string_view seed_signature, bool expect_trailer) {
  ChunkedDecodeResult r;
  std::string previous(seed_signature);
  std::size_t pos = 0;
  while (true) {
    auto line_end = body.find(kCrlf, pos);
    if (line_end == std::string_view::npos) {
      return fail(std::move(r), Outcome::malformed_auth,
                  fmt::format("chunk header at byte {} is not terminated by CRLF", pos));
    }
    std::string_view line = body.substr(pos, line_end - pos);
    auto ext = line.find(kChunkSignatureExt);
    if (ext == std::string_view::npos) {
      return fail(std::move(r), Outcome::malformed_auth,
                  fmt::format("chunk {} at byte {} has no chunk-signature", r.chunks, pos));
    }
    auto size = parse_hex_size(line.substr(0, ext));
    std::string_view provided = line.substr(ext + kChunkSignatureExt.size());
    std::size_t data_start = line_end + 2;
    if (!size || *size > body.size() - data_start) {
      return fail(std::move(r), Outcome::malformed_auth,
                  fmt::format("chunk {} at byte {} has a bad or too large size", r.chunks, pos));
    }
    std::string_view data = body.substr(data_start, *size);
    std::string expected = chunk_signature(ctx, previous, data);
    if (!is_lower_hex64(provided) || !constant_time_equal(provided, expected)) {
      return fail(std::move(r), Outcome::signature_mismatch,
                  fmt::format("chunk {} at byte {}: signature {} does not chain (expected {})",
                              r.chunks, pos, provided, expected));
    }
    previous = std::move(expected);
    ++r.chunks;
    pos = data_start + *size;
    if (*size == 0) break;
    if (body.substr(pos, 2) != kCrlf) {
      return fail(
          std::move(r), Outcome::malformed_auth,
          fmt::format("chunk {} data is not followed by CRLF at byte {}", r.chunks - 1, pos));
    }
    r.payload.append(data);
    pos += 2;
  }
  std::string trailer_sig;
  std::string detail;
  if (!read_trailers(body, pos, r, expect_trailer ? &trailer_sig : nullptr, detail)) {
    return fail(std::move(r), Outcome::malformed_auth, detail);
  }
  if (!expect_trailer && !r.trailers.empty()) {
    return fail(std::move(r), Outcome::malformed_auth,
                "trailers in a body whose payload declares none");
  }
  if (expect_trailer) {
    std::string expected = trailer_signature(ctx, previous, r.trailers);
    if (!is_lower_hex64(trailer_sig) || !constant_time_equal(trailer_sig, expected)) {
      return fail(
          std::move(r), Outcome::signature_mismatch,
          fmt::format("trailer signature {} does not chain (expected {})", trailer_sig, expected));
    }
  }
  r.outcome = Outcome::ok;
  return r;
}

ChunkedDecodeResult decode_aws_chunked_unsigned(std::string_view body) {
  ChunkedDecodeResult r;
  std::size_t pos = 0;
  while (true) {
    auto line_end = body.find(kCrlf, pos);
    if (line_end == std::string_view::npos) {
      return fail(std::move(r), Outcome::malformed_auth,
                  fmt::format("chunk header at byte {} is not terminated by CRLF", pos));
    }
    auto size = parse_hex_size(body.substr(pos, line_end - pos));
    std::size_t data_start = line_end + 2;
    if (!size || *size > body.size() - data_start) {
      return fail(std::move(r), Outcome::malformed_auth,
                  fmt::format("chunk {} at byte {} has a bad or too large size", r.chunks, pos));
    }
    ++r.chunks;
    pos = data_start + *size;
    if (*size == 0) break;
    if (body.substr(pos, 2) != kCrlf) {
      return fail(
          std::move(r), Outcome::malformed_auth,
          fmt::format("chunk {} data is not followed by CRLF at byte {}", r.chunks - 1, pos));
    }
    r.payload.append(body.substr(data_start, *size));
    pos += 2;
  }
  std::string detail;
  if (!read_trailers(body, pos, r, nullptr, detail))
    return fail(std::move(r), Outcome::malformed_auth, detail);
  r.outcome = Outcome::ok;
  return r;
}

}  // namespace scopecheck::sigv4
