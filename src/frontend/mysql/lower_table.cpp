// CREATE TABLE, ALTER TABLE (every specification) and RENAME TABLE.
#include "frontend/mysql/mysql_lower.h"

#include <string>
#include <utility>

namespace rollsafe::mysql {

using P = g::MySqlParser;

namespace {

void lower_create_table(P::CreateTableContext* c, const LowerCtx& ctx, model::Statement& out) {
  out.kind = "CREATE TABLE";
  model::CreateTable t;
  // What the accessors tableName(0), ifNotExists(), TEMPORARY(),
  // createTableSelect() and LIKE() would find, in one pass over the children
  // (each accessor scans them all, and a table's elements are among them).
  P::TableNameContext* name = nullptr;
  for (antlr4::tree::ParseTree* child : c->children) {
    if (auto* term = terminal_of(child)) {
      const size_t kind = term->getSymbol()->getType();
      t.temporary |= kind == P::TEMPORARY;
      t.as_select |= kind == P::LIKE;
      continue;
    }
    const size_t index = static_cast<antlr4::RuleContext*>(child)->getRuleIndex();
    if (index == P::RuleTableName && name == nullptr) {
      name = static_cast<P::TableNameContext*>(child);
    }
    t.if_not_exists |= index == P::RuleIfNotExists;
    t.as_select |= index == P::RuleCreateTableSelect;
  }
  t.table = table_name(ctx, name);
  for (antlr4::tree::ParseTree* child : c->children) {
    antlr4::RuleContext* rule = antlr_children::rule_of(child);
    if (rule == nullptr || rule->getRuleIndex() != P::RuleTableElement) {
      continue;
    }
    auto* element = static_cast<P::TableElementContext*>(rule);
    if (auto* def = element->columnDefinition()) {
      t.columns.push_back(column_definition(ctx, def));
      continue;
    }
    TableElement e = table_constraint(ctx, t.table, element->tableConstraint());
    if (e.is_index) {
      // An index declared inside CREATE TABLE is built on the empty table.
      continue;
    }
    if (e.constraint.kind == model::ConstraintKind::PrimaryKey) {
      for (auto& col : t.columns) {
        if (std::ranges::find(e.constraint.columns, col.name) != e.constraint.columns.end()) {
          col.not_null = true;
        }
      }
    }
    t.constraints.push_back(std::move(e.constraint));
  }
  out.items.push_back({std::move(t), out.span});
}

std::string position(P::ColumnPositionContext* p) {
  if (p == nullptr) {
    return {};
  }
  if (p->FIRST() != nullptr) {
    return "FIRST";
  }
  return "AFTER " + column_name(p->columnName());
}

std::string clause_value(antlr4::ParserRuleContext* value) {
  return to_upper(tree_text(value));
}

void lower_spec(P::AlterSpecificationContext* spec, const model::Name& table, const LowerCtx& ctx,
                model::Statement& out) {
  const model::Span span = ctx.span(spec);
  const auto add = [&](model::Node node) { out.items.push_back({std::move(node), span}); };
  const auto other = [&](std::string action, bool rewrites) {
    add(model::AlterTableOther{table, std::move(action), rewrites, true});
  };
  if (auto* a = alternative<P::AddColumnContext>(spec)) {
    add(model::AddColumn{table, column_definition(ctx, a->columnDefinition()),
                         a->ifNotExists() != nullptr, position(a->columnPosition())});
  } else if (auto* as = alternative<P::AddColumnsContext>(spec)) {
    for (auto* def : as->columnDefinition()) {
      out.items.push_back(
          {model::AddColumn{table, column_definition(ctx, def), as->ifNotExists() != nullptr, {}},
           ctx.span(def)});
    }
  } else if (auto* ac = alternative<P::AddConstraintContext>(spec)) {
    TableElement e = table_constraint(ctx, table, ac->tableConstraint());
    if (e.is_index) {
      add(std::move(e.index));
    } else {
      add(model::AddConstraint{table, std::move(e.constraint)});
    }
  } else if (auto* d = alternative<P::DropColumnContext>(spec)) {
    add(model::DropColumn{table, column_name(d->columnName()), d->ifExists() != nullptr,
                          d->CASCADE() != nullptr});
  } else if (auto* di = alternative<P::DropIndexSpecContext>(spec)) {
    model::DropObject drop;
    drop.kind = model::ObjectKind::Index;
    drop.name.name = lower_identifier(di->identifier());
    drop.name.span = ctx.span(di->identifier());
    drop.table = table;
    drop.if_exists = di->ifExists() != nullptr;
    add(std::move(drop));
  } else if (alternative<P::DropPrimaryKeyContext>(spec) != nullptr) {
    add(model::DropConstraint{table, "PRIMARY", false});
  } else if (auto* df = alternative<P::DropForeignKeyContext>(spec)) {
    add(model::DropConstraint{table, lower_identifier(df->identifier()),
                              df->ifExists() != nullptr});
  } else if (auto* dc = alternative<P::DropConstraintContext>(spec)) {
    add(model::DropConstraint{table, lower_identifier(dc->identifier()),
                              dc->ifExists() != nullptr});
  } else if (auto* m = alternative<P::ModifyColumnContext>(spec)) {
    model::ColumnDef def = column_definition(ctx, m->columnDefinition());
    std::string name = def.name;
    add(model::RedefineColumn{table, std::move(name), std::move(def), position(m->columnPosition()),
                              false});
  } else if (auto* ch = alternative<P::ChangeColumnContext>(spec)) {
    add(model::RedefineColumn{table, column_name(ch->columnName()),
                              column_definition(ctx, ch->columnDefinition()),
                              position(ch->columnPosition()), true});
  } else if (auto* rc = alternative<P::RenameColumnContext>(spec)) {
    add(model::RenameColumn{table, column_name(rc->columnName(0)), column_name(rc->columnName(1))});
  } else if (auto* ri = alternative<P::RenameIndexContext>(spec)) {
    model::Name index;
    index.name = lower_identifier(ri->identifier(0));
    index.span = ctx.span(ri->identifier(0));
    add(model::RenameObject{model::ObjectKind::Index, std::move(index),
                            lower_identifier(ri->identifier(1))});
  } else if (auto* rt = alternative<P::RenameToContext>(spec)) {
    add(model::RenameObject{model::ObjectKind::Table, table,
                            table_name(ctx, rt->tableName()).name});
  } else if (auto* sd = alternative<P::SetDefaultContext>(spec)) {
    add(model::SetDefault{table, column_name(sd->columnName()),
                          default_value(ctx, sd->defaultValue())});
  } else if (auto* dd = alternative<P::DropDefaultContext>(spec)) {
    add(model::DropDefault{table, column_name(dd->columnName())});
  } else if (alternative<P::ConvertToContext>(spec) != nullptr) {
    other("CONVERT TO CHARACTER SET", true);
  } else if (alternative<P::ForceContext>(spec) != nullptr) {
    other("FORCE", true);
  } else if (auto* alg = alternative<P::AlgorithmClauseContext>(spec)) {
    out.algorithm = alg->identifier() != nullptr ? clause_value(alg->identifier()) : "DEFAULT";
    out.algorithm_span = span;
  } else if (auto* lock = alternative<P::LockClauseContext>(spec)) {
    out.lock = lock->identifier() != nullptr ? clause_value(lock->identifier()) : "DEFAULT";
    out.lock_span = span;
  } else if (alternative<P::RebuildTableContext>(spec) != nullptr) {
    other(to_upper(spec->getStart()->getText()) + " TABLE", true);
  } else if (auto* opt = alternative<P::TableOptionSpecContext>(spec)) {
    // ENGINE= and ROW_FORMAT= copy the table; charset/collation defaults,
    // comments and AUTO_INCREMENT= change metadata only.
    for (auto* o : opt->tableOption()) {
      const bool rewrites = alternative<P::EngineOptionContext>(o) != nullptr ||
                            alternative<P::RowFormatOptionContext>(o) != nullptr;
      out.items.push_back(
          {model::AlterTableOther{table, to_upper(o->getStart()->getText()), rewrites, true},
           ctx.span(o)});
    }
  } else if (auto* part = alternative<P::PartitionSpecContext>(spec)) {
    auto* op = part->partitionOperation();
    // Reorganising, coalescing, rebuilding or removing partitions copies rows.
    const bool rewrites = op->REORGANIZE() != nullptr || op->COALESCE() != nullptr ||
                          op->REBUILD() != nullptr || op->REMOVE() != nullptr ||
                          op->ADD() != nullptr;
    other(to_upper(op->getStart()->getText()) + " PARTITION", rewrites);
  } else {
    other(to_upper(ctx.source(spec).substr(0, ctx.source(spec).find(' '))), false);
  }
}

void lower_alter_table(P::AlterTableContext* c, const LowerCtx& ctx, model::Statement& out) {
  out.kind = "ALTER TABLE";
  const model::Name table = table_name(ctx, c->tableName());
  for (auto* spec : c->alterSpecification()) {
    lower_spec(spec, table, ctx, out);
  }
  if (c->partitionDefinition() != nullptr) {
    out.items.push_back({model::AlterTableOther{table, "PARTITION BY", true, true},
                         ctx.span(c->partitionDefinition())});
  }
}

void lower_rename_table(P::RenameTableContext* c, const LowerCtx& ctx, model::Statement& out) {
  out.kind = "RENAME TABLE";
  for (auto* pair : c->renamePair()) {
    model::Name to = table_name(ctx, pair->tableName(1));
    out.items.push_back({model::RenameObject{model::ObjectKind::Table,
                                             table_name(ctx, pair->tableName(0)), to.name},
                         ctx.span(pair)});
  }
}

} // namespace

bool lower_table_statement(P::SqlStatementContext* s, const LowerCtx& ctx, model::Statement& out) {
  if (auto* c = s->createTable()) {
    lower_create_table(c, ctx, out);
  } else if (auto* a = s->alterTable()) {
    lower_alter_table(a, ctx, out);
  } else if (auto* r = s->renameTable()) {
    lower_rename_table(r, ctx, out);
  } else {
    return false;
  }
  return true;
}

} // namespace rollsafe::mysql
