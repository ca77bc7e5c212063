// AWS SDK for JavaScript v3 against the emulator. Reads S3, BUCKET, RW/RO/WRONG keys from the
// environment (set by ../sdk-js.sh); prints one line per check and "N passed, N failed".
// CHECKSUMS=WHEN_REQUIRED|WHEN_SUPPORTED picks the SDK's request checksum mode.
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command,
  DeleteObjectCommand, HeadObjectCommand, ListBucketsCommand, CreateMultipartUploadCommand,
  UploadPartCommand, CompleteMultipartUploadCommand, ListPartsCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';

const env = process.env;
const bucket = env.BUCKET;
const mode = env.CHECKSUMS || 'WHEN_REQUIRED';
const client = (key, secret) => new S3Client({
  endpoint: env.S3, region: 'auto', forcePathStyle: true,
  credentials: { accessKeyId: key, secretAccessKey: secret },
  requestChecksumCalculation: mode, responseChecksumValidation: mode, maxAttempts: 1,
});
const admin = client(env.ADMIN_KEY, env.ADMIN_SECRET);
const rw = client(env.RW_KEY, env.RW_SECRET);
const ro = client(env.RO_KEY, env.RO_SECRET);
const wrong = client(env.RW_KEY, env.WRONG_SECRET);

let passed = 0, failed = 0;
async function check(name, fn) {
  try { await fn(); passed++; console.log(`ok    [${mode}] ${name}`); }
  catch (e) { failed++; console.log(`FAIL  [${mode}] ${name}: ${e.name || ''} ${e.message}`); }
}
function assert(cond, what) { if (!cond) throw new Error(what); }
async function refused(promise, code) {
  try { await promise; } catch (e) {
    assert(e.name === code || e.Code === code, `wanted ${code}, got ${e.name} ${e.$metadata?.httpStatusCode}`);
    return;
  }
  throw new Error(`wanted ${code}, got success`);
}
// curl with a status check: returns the body; throws with the body if not 2xx.
function curl(method, url, bodyFile) {
  const args = ['-sS', '-X', method, '-w', '\n%{http_code}', url];
  if (bodyFile) args.push('--data-binary', `@${bodyFile}`, '-H', 'Content-Type:');
  const out = execFileSync('curl', args).toString();
  const cut = out.lastIndexOf('\n');
  const status = Number(out.slice(cut + 1)), body = out.slice(0, cut);
  if (status < 200 || status > 299) throw new Error(`HTTP ${status} ${body}`);
  return body;
}

const small = Buffer.from('hello from the JS SDK\n');
const key = `sdk-${mode}/small.txt`;
const bigKey = `sdk-${mode}/big.bin`;

if (env.CREATE_BUCKET === '1') {
  await check('admin CreateBucket', () => admin.send(new CreateBucketCommand({ Bucket: bucket })));
}
await check('rw PutObject', () => rw.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: small })));
await check('rw GetObject', async () => {
  const r = await rw.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = Buffer.from(await r.Body.transformToByteArray());
  assert(body.equals(small), 'content differs');
});
await check('rw ListObjectsV2', async () => {
  const r = await rw.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `sdk-${mode}/` }));
  assert((r.Contents || []).some((c) => c.Key === key), `no ${key} in listing`);
});
await check('rw multipart 10MiB in 5MiB parts', async () => {
  const big = crypto.randomBytes(10 * 1024 * 1024 + 777);
  const partSize = 5 * 1024 * 1024;
  const { UploadId } = await rw.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: bigKey }));
  const parts = [];
  for (let i = 0, n = 1; i < big.length; i += partSize, n++) {
    const r = await rw.send(new UploadPartCommand({
      Bucket: bucket, Key: bigKey, UploadId, PartNumber: n, Body: big.subarray(i, i + partSize),
    }));
    parts.push({ PartNumber: n, ETag: r.ETag });
  }
  const listed = await rw.send(new ListPartsCommand({ Bucket: bucket, Key: bigKey, UploadId }));
  assert((listed.Parts || []).length === 3, `ListParts shows ${(listed.Parts || []).length} parts`);
  const done = await rw.send(new CompleteMultipartUploadCommand({
    Bucket: bucket, Key: bigKey, UploadId, MultipartUpload: { Parts: parts },
  }));
  assert(/-3"?$/.test(done.ETag || ''), `ETag ${done.ETag}`);
  const got = await rw.send(new GetObjectCommand({ Bucket: bucket, Key: bigKey }));
  const body = Buffer.from(await got.Body.transformToByteArray());
  assert(body.equals(big), 'multipart content differs');
});
await check('rw presigned GET (getSignedUrl) + curl', async () => {
  const url = await getSignedUrl(rw, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 120 });
  assert(curl('GET', url) === small.toString(), 'presigned GET content differs');
});
await check('rw presigned PUT (getSignedUrl) + curl', async () => {
  const putKey = `sdk-${mode}/presigned-put.txt`;
  const url = await getSignedUrl(rw, new PutObjectCommand({ Bucket: bucket, Key: putKey }), { expiresIn: 120 });
  curl('PUT', url, env.SMALL_FILE);
  const r = await rw.send(new GetObjectCommand({ Bucket: bucket, Key: putKey }));
  const body = Buffer.from(await r.Body.transformToByteArray());
  assert(body.toString() === execFileSync('cat', [env.SMALL_FILE]).toString(), 'presigned PUT content differs');
});
await check('wrong secret PutObject → SignatureDoesNotMatch', () =>
  refused(wrong.send(new PutObjectCommand({ Bucket: bucket, Key: `${key}.w`, Body: small })), 'SignatureDoesNotMatch'));
await check('wrong secret presigned GET → SignatureDoesNotMatch', async () => {
  const url = await getSignedUrl(wrong, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 120 });
  try { curl('GET', url); } catch (e) { assert(/SignatureDoesNotMatch/.test(e.message), e.message); return; }
  throw new Error('presigned GET with a wrong secret succeeded');
});
await check('ro GetObject', () => ro.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
await check('ro PutObject → AccessDenied', () =>
  refused(ro.send(new PutObjectCommand({ Bucket: bucket, Key: `${key}.ro`, Body: small })), 'AccessDenied'));
await check('rw ListBuckets → AccessDenied', () => refused(rw.send(new ListBucketsCommand({})), 'AccessDenied'));
await check('rw DeleteObject', () => rw.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
await check('deleted key is gone (HEAD 404)', async () => {
  try { await rw.send(new HeadObjectCommand({ Bucket: bucket, Key: key })); } catch (e) {
    assert(e.$metadata?.httpStatusCode === 404, `status ${e.$metadata?.httpStatusCode}`);
    return;
  }
  throw new Error('HEAD of a deleted key succeeded');
});
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
