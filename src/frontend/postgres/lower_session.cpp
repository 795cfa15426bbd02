// Transaction control and session settings (SET, RESET, LOCK).
#include "frontend/postgres/pg_nodes.h"

#include <string>
#include <utility>

namespace rollsafe::pg {

namespace {

model::TransactionKind transaction_kind(TransactionStmtKind kind) {
  switch (kind) {
  case TRANS_STMT_BEGIN:
  case TRANS_STMT_START:
    return model::TransactionKind::Begin;
  case TRANS_STMT_COMMIT:
  case TRANS_STMT_PREPARE: // PREPARE TRANSACTION also ends the block
    return model::TransactionKind::Commit;
  case TRANS_STMT_ROLLBACK:
    return model::TransactionKind::Rollback;
  case TRANS_STMT_SAVEPOINT:
    return model::TransactionKind::Savepoint;
  case TRANS_STMT_RELEASE:
    return model::TransactionKind::Release;
  case TRANS_STMT_ROLLBACK_TO:
    return model::TransactionKind::RollbackTo;
  default:
    return model::TransactionKind::Other;
  }
}

std::string setting_value(const List* args) {
  std::string out;
  for (const Node* arg : each(args)) {
    const auto* c = as<A_Const>(arg, T_A_Const);
    if (c == nullptr || c->isnull) {
      continue;
    }
    if (!out.empty()) {
      out += ", ";
    }
    switch (nodeTag(&c->val)) {
    case T_Integer:
      out += std::to_string(c->val.ival.ival);
      break;
    case T_Float:
      out += str(c->val.fval.fval);
      break;
    case T_String:
      out += str(c->val.sval.sval);
      break;
    default:
      break;
    }
  }
  return out;
}

// LOCK TABLE's mode numbers (storage/lockdefs.h).
std::string lock_mode_name(int mode) {
  switch (mode) {
  case 1:
    return "ACCESS SHARE";
  case 2:
    return "ROW SHARE";
  case 3:
    return "ROW EXCLUSIVE";
  case 4:
    return "SHARE UPDATE EXCLUSIVE";
  case 5:
    return "SHARE";
  case 6:
    return "SHARE ROW EXCLUSIVE";
  case 7:
    return "EXCLUSIVE";
  default:
    return "ACCESS EXCLUSIVE";
  }
}

} // namespace

bool lower_session_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out) {
  switch (nodeTag(stmt)) {
  case T_TransactionStmt: {
    const auto* tx = reinterpret_cast<const TransactionStmt*>(stmt);
    out.items.push_back({model::Transaction{transaction_kind(tx->kind)}, ctx.statement});
    return true;
  }
  case T_VariableSetStmt: {
    const auto* set = reinterpret_cast<const VariableSetStmt*>(stmt);
    model::SetVariable var;
    var.name = str(set->name);
    var.local = set->is_local;
    var.reset =
        set->kind == VAR_RESET || set->kind == VAR_RESET_ALL || set->kind == VAR_SET_DEFAULT;
    var.value = setting_value(set->args);
    out.kind = var.reset ? "RESET" : "SET";
    out.items.push_back({std::move(var), ctx.statement});
    return true;
  }
  case T_LockStmt: {
    const auto* lock = reinterpret_cast<const LockStmt*>(stmt);
    for (const auto* rel : each<RangeVar>(lock->relations)) {
      model::LockTable l{name_of(rel, ctx), lock_mode_name(lock->mode), lock->nowait};
      const model::Span span = l.table.span;
      out.items.push_back({model::Node(std::move(l)), span});
    }
    return true;
  }
  default:
    return false;
  }
}

} // namespace rollsafe::pg
