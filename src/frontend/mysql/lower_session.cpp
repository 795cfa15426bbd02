// SET, transaction control, USE, LOCK/UNLOCK TABLES and PREPARE/EXECUTE/
// DEALLOCATE (the text of PREPARE ... FROM '<literal>' is parsed by the driver).
#include "frontend/mysql/mysql_lower.h"

#include <utility>

namespace rollsafe::mysql {

using P = g::MySqlParser;

namespace {

void lower_set(P::SetStatementContext* s, const LowerCtx& ctx, model::Statement& out) {
  out.kind = "SET";
  if (s->setAssignment().empty()) {
    out.items.push_back({model::OtherStatement{"SET", false}, out.span});
    return;
  }
  for (auto* a : s->setAssignment()) {
    model::SetVariable var;
    if (a->variableName() == nullptr) {
      var.name = a->NAMES() != nullptr ? "names" : "character_set";
      out.items.push_back({std::move(var), ctx.span(a)});
      continue;
    }
    auto* v = a->variableName();
    std::string name = tree_text(v);
    // @@session.x, @@local.x and SESSION x set the session value; @@global.x and
    // GLOBAL x the server's default (not this session's).
    bool global = a->GLOBAL() != nullptr || a->PERSIST() != nullptr || a->PERSIST_ONLY() != nullptr;
    if (v->SYSTEM_VAR() != nullptr) {
      name = name.substr(2);
      const std::string lower = to_lower(name);
      for (const char* scope : {"session.", "local.", "global.", "persist.", "persist_only."}) {
        if (lower.starts_with(scope)) {
          global = !std::string_view(scope).starts_with("session") &&
                   !std::string_view(scope).starts_with("local");
          name = name.substr(std::string_view(scope).size());
          break;
        }
      }
    } else if (v->identifier().size() == 2) {
      name = identifier_text(v->identifier(1));
    }
    var.name = global ? "global." + to_lower(name) : to_lower(name);
    var.value = std::string(ctx.source(a->setValue()));
    if (var.value.size() >= 2 && (var.value.front() == '\'' || var.value.front() == '"') &&
        var.value.back() == var.value.front()) {
      var.value = var.value.substr(1, var.value.size() - 2);
    }
    out.items.push_back({std::move(var), ctx.span(a)});
  }
}

model::TransactionKind transaction_kind(P::TransactionStatementContext* t) {
  if (alternative<P::BeginTransactionContext>(t) != nullptr) {
    return model::TransactionKind::Begin;
  }
  if (alternative<P::CommitTransactionContext>(t) != nullptr) {
    return model::TransactionKind::Commit;
  }
  if (alternative<P::RollbackTransactionContext>(t) != nullptr) {
    return model::TransactionKind::Rollback;
  }
  if (alternative<P::RollbackToSavepointContext>(t) != nullptr) {
    return model::TransactionKind::RollbackTo;
  }
  if (alternative<P::SavepointContext>(t) != nullptr) {
    return model::TransactionKind::Savepoint;
  }
  return model::TransactionKind::Release;
}

void other(const char* kind, model::Statement& out) {
  out.kind = kind;
  out.items.push_back({model::OtherStatement{kind, false}, out.span});
}

} // namespace

bool lower_session_statement(P::SqlStatementContext* s, const LowerCtx& ctx,
                             model::Statement& out) {
  if (auto* set = s->setStatement()) {
    lower_set(set, ctx, out);
  } else if (auto* t = s->transactionStatement()) {
    out.kind = to_upper(t->getStart()->getText());
    // MySQL commits implicitly before and after every DDL statement: there is
    // no transactional DDL, but the markers still delimit DML transactions.
    out.items.push_back({model::Transaction{transaction_kind(t)}, out.span});
  } else if (auto* l = s->lockTables()) {
    out.kind = "LOCK TABLES";
    for (auto* item : l->lockItem()) {
      model::LockTable lock;
      lock.table = table_name(ctx, item->tableName());
      lock.mode = item->WRITE() != nullptr ? "WRITE" : "READ";
      out.items.push_back({std::move(lock), ctx.span(item)});
    }
  } else if (s->unlockTables() != nullptr) {
    other("UNLOCK TABLES", out);
  } else if (s->useStatement() != nullptr) {
    other("USE", out);
  } else if (s->prepareStatement() != nullptr) {
    other("PREPARE", out);
  } else if (s->executeStatement() != nullptr) {
    other("EXECUTE", out);
  } else if (s->deallocateStatement() != nullptr) {
    other("DEALLOCATE PREPARE", out);
  } else {
    return false;
  }
  return true;
}

} // namespace rollsafe::mysql
