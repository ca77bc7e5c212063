// The text `scopecheck model explain` prints: the decision, its rule ids, every broken rule in
// precedence order, and for each capability needed each policy triple that matched or was
// skipped and why — the view a user wants when a result surprises them.
#pragma once

#include <string>

#include "harness/model/decide.h"
#include "harness/model/profile.h"

namespace scopecheck::model {

// Multi-line, ends with a newline. `profile` may be null (the wire line is then left out).
std::string explain(const Request& request, const Decision& decision, const Profile* profile);

}  // namespace scopecheck::model
