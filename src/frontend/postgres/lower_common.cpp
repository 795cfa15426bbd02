// Lowering shared by every statement family: names, types, default expressions,
// constraints and column definitions.
#include "frontend/postgres/pg_nodes.h"
#include "frontend/postgres/pg_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <string_view>
#include <unordered_set>

namespace rollsafe::pg {

model::Span LowerCtx::at(int location) const {
  if (location < 0) {
    return statement;
  }
  return token_span(text, base + static_cast<uint32_t>(location), true);
}

model::Span LowerCtx::from(int location) const {
  if (location < 0) {
    return statement;
  }
  return {base + static_cast<uint32_t>(location), statement.end};
}

model::Span LowerCtx::word_at(int offset) const {
  return token_span(text, static_cast<uint32_t>(std::max(offset, 0)), true);
}

std::string_view string_view_of(const Node* node) {
  if (const auto* s = as<String>(node, T_String)) {
    return view(s->sval);
  }
  return {};
}

std::string string_value(const Node* node) {
  return std::string(string_view_of(node));
}

void name_of(const RangeVar* rv, const LowerCtx& ctx, model::Name& out) {
  if (rv == nullptr) {
    return;
  }
  out.schema = view(rv->schemaname);
  out.name = view(rv->relname);
  out.span = ctx.at(rv->location);
}

model::Name name_of(const RangeVar* rv, const LowerCtx& ctx) {
  model::Name name;
  name_of(rv, ctx, name);
  return name;
}

void name_of(const List* names, const LowerCtx& ctx, model::Name& out, int count) {
  const int n = count >= 0 ? std::min(count, list_length(names)) : list_length(names);
  if (n == 0) {
    return;
  }
  out.name = string_view_of(static_cast<const Node*>(list_nth(names, n - 1)));
  if (n >= 2) {
    out.schema = string_view_of(static_cast<const Node*>(list_nth(names, n - 2)));
  }
  out.span = ctx.statement;
}

model::Name name_of(const List* names, const LowerCtx& ctx, int count) {
  model::Name name;
  name_of(names, ctx, name, count);
  return name;
}

namespace {

std::string_view sql_type_name(std::string_view internal) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kNames{{
      {"int2", "smallint"},
      {"int4", "integer"},
      {"int8", "bigint"},
      {"float4", "real"},
      {"float8", "double precision"},
      {"bool", "boolean"},
      {"bpchar", "char"},
      {"varchar", "varchar"},
      {"timestamptz", "timestamptz"},
      {"timetz", "timetz"},
      {"interval", "interval"},
      {"numeric", "numeric"},
  }};
  for (const auto& [from, to] : kNames) {
    if (from == internal) {
      return to;
    }
  }
  return internal;
}

// Appends the text of a type modifier (the 20 of varchar(20)) to `out`.
void append_constant_text(const Node* node, std::string& out) {
  if (const auto* c = as<A_Const>(node, T_A_Const)) {
    if (c->isnull) {
      out += "NULL";
      return;
    }
    switch (nodeTag(&c->val)) {
    case T_Integer: {
      std::array<char, 16> digits{};
      char* end = std::to_chars(digits.data(), digits.data() + digits.size(), c->val.ival.ival).ptr;
      out.append(digits.data(), static_cast<size_t>(end - digits.data()));
      return;
    }
    case T_Float:
      out += view(c->val.fval.fval);
      return;
    case T_String:
      out += view(c->val.sval.sval);
      return;
    default:
      break;
    }
  }
  out += '?';
}

enum : int { kRankNull, kRankConstant, kRankStable, kRankUnknown, kRankVolatile };

int rank(model::Volatility v) {
  switch (v) {
  case model::Volatility::Null:
    return kRankNull;
  case model::Volatility::Constant:
    return kRankConstant;
  case model::Volatility::Stable:
    return kRankStable;
  case model::Volatility::Unknown:
    return kRankUnknown;
  case model::Volatility::Volatile:
    return kRankVolatile;
  }
  return kRankUnknown;
}

void combine(model::DefaultValue& into, const model::DefaultValue& other) {
  if (rank(other.volatility) > rank(into.volatility)) {
    into.volatility = other.volatility;
    into.function = other.function;
  } else if (into.volatility == model::Volatility::Null) {
    into.volatility = model::Volatility::Constant;
  }
}

constexpr std::array<std::string_view, 14> kVolatileFunctions{
    "random",           "gen_random_uuid",    "uuid_generate_v1", "uuid_generate_v1mc",
    "uuid_generate_v4", "clock_timestamp",    "timeofday",        "nextval",
    "txid_current",     "pg_current_xact_id", "gen_random_bytes", "random_normal",
    "setseed",          "uuid_generate_v7"};
constexpr std::array<std::string_view, 11> kStableFunctions{
    "now",          "statement_timestamp", "transaction_timestamp", "current_setting",
    "current_date", "localtimestamp",      "current_timestamp",     "to_char",
    "concat",       "current_schema",      "pg_backend_pid"};
constexpr std::array<std::string_view, 18> kImmutableFunctions{"lower",
                                                               "upper",
                                                               "length",
                                                               "abs",
                                                               "round",
                                                               "md5",
                                                               "btrim",
                                                               "trim",
                                                               "floor",
                                                               "ceil",
                                                               "substr",
                                                               "substring",
                                                               "jsonb_build_object",
                                                               "json_build_object",
                                                               "jsonb_build_array",
                                                               "json_build_array",
                                                               "make_interval",
                                                               "to_jsonb"};

template <size_t N> bool contains(const std::array<std::string_view, N>& set, std::string_view s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

int expr_location(const Node* expr);

// Called on entry to each level of an expression walk (see kMaxExpressionDepth).
void check_depth(const Node* expr, int depth) {
  if (depth > kMaxExpressionDepth) {
    throw ExpressionTooDeep(expr_location(expr));
  }
}

model::DefaultValue classify(const Node* expr, const LowerCtx& ctx, int depth);

model::DefaultValue classify_list(const List* list, const LowerCtx& ctx, model::DefaultValue acc,
                                  int depth) {
  for (const Node* child : each(list)) {
    combine(acc, classify(child, ctx, depth + 1));
  }
  return acc;
}

model::DefaultValue classify(const Node* expr, const LowerCtx& ctx, int depth) {
  model::DefaultValue out;
  out.span = ctx.statement;
  if (expr == nullptr) {
    out.volatility = model::Volatility::Null;
    return out;
  }
  check_depth(expr, depth);
  switch (nodeTag(expr)) {
  case T_A_Const: {
    const auto* c = reinterpret_cast<const A_Const*>(expr);
    out.volatility = c->isnull ? model::Volatility::Null : model::Volatility::Constant;
    return out;
  }
  case T_TypeCast:
    return classify(reinterpret_cast<const TypeCast*>(expr)->arg, ctx, depth + 1);
  case T_SQLValueFunction:
    out.volatility = model::Volatility::Stable;
    out.function = "CURRENT_TIMESTAMP";
    return out;
  case T_FuncCall: {
    const auto* f = reinterpret_cast<const FuncCall*>(expr);
    const int n = list_length(f->funcname);
    const std::string_view name =
        n > 0 ? string_view_of(static_cast<const Node*>(list_nth(f->funcname, n - 1)))
              : std::string_view();
    out.function.reserve(name.size() + 2);
    out.function += name;
    out.function += "()";
    if (contains(kVolatileFunctions, name)) {
      out.volatility = model::Volatility::Volatile;
      return out;
    }
    if (contains(kStableFunctions, name)) {
      out.volatility = model::Volatility::Stable;
    } else if (contains(kImmutableFunctions, name)) {
      out.volatility = model::Volatility::Constant;
    } else {
      out.volatility = model::Volatility::Unknown;
    }
    model::DefaultValue args = classify_list(f->args, ctx, out, depth);
    return rank(args.volatility) > rank(out.volatility) ? args : out;
  }
  case T_A_Expr: {
    const auto* e = reinterpret_cast<const A_Expr*>(expr);
    model::DefaultValue acc;
    acc.volatility = model::Volatility::Constant;
    acc.span = ctx.statement;
    if (e->lexpr != nullptr) {
      combine(acc, classify(e->lexpr, ctx, depth + 1));
    }
    if (e->rexpr != nullptr) {
      combine(acc, classify(e->rexpr, ctx, depth + 1));
    }
    return acc;
  }
  case T_A_ArrayExpr:
    out.volatility = model::Volatility::Constant;
    return classify_list(reinterpret_cast<const A_ArrayExpr*>(expr)->elements, ctx, out, depth);
  case T_CoalesceExpr:
    out.volatility = model::Volatility::Constant;
    return classify_list(reinterpret_cast<const CoalesceExpr*>(expr)->args, ctx, out, depth);
  case T_BoolExpr:
    out.volatility = model::Volatility::Constant;
    return classify_list(reinterpret_cast<const BoolExpr*>(expr)->args, ctx, out, depth);
  case T_RowExpr:
    out.volatility = model::Volatility::Constant;
    return classify_list(reinterpret_cast<const RowExpr*>(expr)->args, ctx, out, depth);
  default:
    out.volatility = model::Volatility::Unknown;
    out.function = "an expression";
    return out;
  }
}

int expr_location(const Node* expr) {
  if (expr == nullptr) {
    return -1;
  }
  switch (nodeTag(expr)) {
  case T_A_Const:
    return reinterpret_cast<const A_Const*>(expr)->location;
  case T_TypeCast:
    return reinterpret_cast<const TypeCast*>(expr)->location;
  case T_FuncCall:
    return reinterpret_cast<const FuncCall*>(expr)->location;
  case T_A_Expr:
    return reinterpret_cast<const A_Expr*>(expr)->location;
  case T_SQLValueFunction:
    return reinterpret_cast<const SQLValueFunction*>(expr)->location;
  case T_ColumnRef:
    return reinterpret_cast<const ColumnRef*>(expr)->location;
  default:
    return -1;
  }
}

// CHECK (col IS NOT NULL): the column's name, else empty.
std::string not_null_check_column(const Node* expr) {
  const auto* test = as<NullTest>(expr, T_NullTest);
  if (test == nullptr || test->nulltesttype != IS_NOT_NULL) {
    return {};
  }
  const auto* ref = as<ColumnRef>(reinterpret_cast<const Node*>(test->arg), T_ColumnRef);
  if (ref == nullptr || list_length(ref->fields) != 1) {
    return {};
  }
  return string_value(static_cast<const Node*>(list_nth(ref->fields, 0)));
}

model::ReferentialAction referential_action(char action) {
  switch (action) {
  case FKCONSTR_ACTION_RESTRICT:
    return model::ReferentialAction::Restrict;
  case FKCONSTR_ACTION_CASCADE:
    return model::ReferentialAction::Cascade;
  case FKCONSTR_ACTION_SETNULL:
    return model::ReferentialAction::SetNull;
  case FKCONSTR_ACTION_SETDEFAULT:
    return model::ReferentialAction::SetDefault;
  default:
    return model::ReferentialAction::NoAction;
  }
}

void strings(const List* list, std::vector<std::string>& out) {
  out.reserve(static_cast<size_t>(list_length(list)));
  for (const Node* n : each(list)) {
    out.emplace_back(string_view_of(n));
  }
}

// The walk behind column_refs(); `seen` holds the names already in `out`, so a
// long IN (...) list of distinct columns stays linear.
void collect_column_refs(const Node* expr, std::vector<std::string>& out,
                         std::unordered_set<std::string>& seen, int depth) {
  if (expr == nullptr) {
    return;
  }
  check_depth(expr, depth);
  switch (nodeTag(expr)) {
  case T_ColumnRef: {
    const auto* ref = reinterpret_cast<const ColumnRef*>(expr);
    const int n = list_length(ref->fields);
    if (n > 0) {
      std::string name = string_value(static_cast<const Node*>(list_nth(ref->fields, n - 1)));
      if (!name.empty() && seen.insert(name).second) {
        out.push_back(std::move(name));
      }
    }
    return;
  }
  case T_A_Expr:
    collect_column_refs(reinterpret_cast<const A_Expr*>(expr)->lexpr, out, seen, depth + 1);
    collect_column_refs(reinterpret_cast<const A_Expr*>(expr)->rexpr, out, seen, depth + 1);
    return;
  case T_TypeCast:
    collect_column_refs(reinterpret_cast<const TypeCast*>(expr)->arg, out, seen, depth + 1);
    return;
  case T_NullTest:
    collect_column_refs(reinterpret_cast<const Node*>(reinterpret_cast<const NullTest*>(expr)->arg),
                        out, seen, depth + 1);
    return;
  case T_BooleanTest:
    collect_column_refs(
        reinterpret_cast<const Node*>(reinterpret_cast<const BooleanTest*>(expr)->arg), out, seen,
        depth + 1);
    return;
  case T_List:
    for (const Node* child : each(reinterpret_cast<const List*>(expr))) {
      collect_column_refs(child, out, seen, depth + 1);
    }
    return;
  case T_BoolExpr:
    collect_column_refs(
        reinterpret_cast<const Node*>(reinterpret_cast<const BoolExpr*>(expr)->args), out, seen,
        depth + 1);
    return;
  case T_FuncCall:
    collect_column_refs(
        reinterpret_cast<const Node*>(reinterpret_cast<const FuncCall*>(expr)->args), out, seen,
        depth + 1);
    return;
  case T_CoalesceExpr:
    collect_column_refs(
        reinterpret_cast<const Node*>(reinterpret_cast<const CoalesceExpr*>(expr)->args), out, seen,
        depth + 1);
    return;
  case T_A_ArrayExpr:
    collect_column_refs(
        reinterpret_cast<const Node*>(reinterpret_cast<const A_ArrayExpr*>(expr)->elements), out,
        seen, depth + 1);
    return;
  case T_CaseExpr: {
    const auto* c = reinterpret_cast<const CaseExpr*>(expr);
    collect_column_refs(reinterpret_cast<const Node*>(c->arg), out, seen, depth + 1);
    collect_column_refs(reinterpret_cast<const Node*>(c->args), out, seen, depth + 1);
    collect_column_refs(reinterpret_cast<const Node*>(c->defresult), out, seen, depth + 1);
    return;
  }
  case T_CaseWhen: {
    const auto* w = reinterpret_cast<const CaseWhen*>(expr);
    collect_column_refs(reinterpret_cast<const Node*>(w->expr), out, seen, depth + 1);
    collect_column_refs(reinterpret_cast<const Node*>(w->result), out, seen, depth + 1);
    return;
  }
  default:
    return; // sub-queries and the rest: not followed
  }
}

} // namespace

// The columns an expression reads (single-name and table.column references),
// each once, in order of first use.
void column_refs(const Node* expr, std::vector<std::string>& out) {
  std::unordered_set<std::string> seen(out.begin(), out.end());
  collect_column_refs(expr, out, seen, 0);
}

model::ObjectKind object_kind(ObjectType type) {
  switch (type) {
  case OBJECT_TABLE:
  case OBJECT_FOREIGN_TABLE:
    return model::ObjectKind::Table;
  case OBJECT_VIEW:
    return model::ObjectKind::View;
  case OBJECT_MATVIEW:
    return model::ObjectKind::MaterializedView;
  case OBJECT_INDEX:
    return model::ObjectKind::Index;
  case OBJECT_SEQUENCE:
    return model::ObjectKind::Sequence;
  case OBJECT_TYPE:
    return model::ObjectKind::Type;
  case OBJECT_DOMAIN:
    return model::ObjectKind::Domain;
  case OBJECT_SCHEMA:
    return model::ObjectKind::Schema;
  case OBJECT_TRIGGER:
    return model::ObjectKind::Trigger;
  case OBJECT_FUNCTION:
  case OBJECT_ROUTINE:
  case OBJECT_AGGREGATE:
    return model::ObjectKind::Function;
  case OBJECT_PROCEDURE:
    return model::ObjectKind::Procedure;
  case OBJECT_EXTENSION:
    return model::ObjectKind::Extension;
  case OBJECT_COLUMN:
    return model::ObjectKind::Column;
  case OBJECT_TABCONSTRAINT:
    return model::ObjectKind::Constraint;
  default:
    return model::ObjectKind::Other;
  }
}

void append_type_name(const TypeName* type, std::string& out) {
  if (type == nullptr) {
    return;
  }
  const int n = list_length(type->names);
  const std::string_view base =
      sql_type_name(n > 0 ? string_view_of(static_cast<const Node*>(list_nth(type->names, n - 1)))
                          : std::string_view());
  const int bounds = list_length(type->arrayBounds);
  if (list_length(type->typmods) == 0 && bounds == 0) {
    out += base;
    return;
  }
  // Room for the usual "varchar(255)", "numeric(12,2)" or "text[]" in one allocation.
  out.reserve(out.size() + base.size() + 12 + 2 * static_cast<size_t>(bounds));
  out += base;
  if (list_length(type->typmods) > 0) {
    out += '(';
    bool first = true;
    for (const Node* mod : each(type->typmods)) {
      if (!first) {
        out += ',';
      }
      first = false;
      append_constant_text(mod, out);
    }
    out += ')';
  }
  for (int i = 0; i < bounds; ++i) {
    out += "[]";
  }
}

std::string type_name(const TypeName* type) {
  std::string out;
  append_type_name(type, out);
  return out;
}

model::DefaultValue classify_default(const Node* expr, const LowerCtx& ctx) {
  model::DefaultValue value = classify(expr, ctx, 0);
  const int location = expr_location(expr);
  value.span = location >= 0 ? ctx.at(location) : ctx.statement;
  return value;
}

void lower_constraint(const Constraint* c, const LowerCtx& ctx, model::Constraint& out) {
  out.name = view(c->conname);
  out.span = ctx.at(c->location);
  out.not_valid = c->skip_validation;
  out.using_index = view(c->indexname);
  switch (c->contype) {
  case CONSTR_CHECK:
    out.kind = model::ConstraintKind::Check;
    out.not_null_column = not_null_check_column(c->raw_expr);
    column_refs(c->raw_expr, out.columns);
    break;
  case CONSTR_PRIMARY:
    out.kind = model::ConstraintKind::PrimaryKey;
    strings(c->keys, out.columns);
    break;
  case CONSTR_UNIQUE:
    out.kind = model::ConstraintKind::Unique;
    strings(c->keys, out.columns);
    break;
  case CONSTR_EXCLUSION:
    out.kind = model::ConstraintKind::Exclusion;
    break;
  case CONSTR_FOREIGN:
    out.kind = model::ConstraintKind::ForeignKey;
    strings(c->fk_attrs, out.columns);
    name_of(c->pktable, ctx, out.references);
    strings(c->pk_attrs, out.referenced_columns);
    out.on_delete = referential_action(c->fk_del_action);
    break;
  case CONSTR_NOTNULL:
    out.kind = model::ConstraintKind::NotNull;
    break;
  default:
    out.kind = model::ConstraintKind::Check;
    break;
  }
}

model::Constraint lower_constraint(const Constraint* c, const LowerCtx& ctx) {
  model::Constraint out;
  lower_constraint(c, ctx, out);
  return out;
}

void lower_column(const ColumnDef* c, const LowerCtx& ctx, model::ColumnDef& out) {
  out.name = view(c->colname);
  append_type_name(c->typeName, out.type);
  out.span = ctx.at(c->location);
  static constexpr std::array<std::string_view, 6> kSerial{"serial",  "bigserial", "smallserial",
                                                           "serial2", "serial4",   "serial8"};
  out.serial = contains(kSerial, out.type);
  out.not_null = c->is_not_null;
  if (c->raw_default != nullptr) {
    out.default_value = classify_default(c->raw_default, ctx);
  }
  for (const auto* con : each<Constraint>(c->constraints)) {
    switch (con->contype) {
    case CONSTR_NOTNULL:
      out.not_null = true;
      break;
    case CONSTR_NULL:
      break;
    case CONSTR_DEFAULT:
      out.default_value = classify_default(con->raw_expr, ctx);
      break;
    case CONSTR_IDENTITY:
      out.identity = true;
      out.not_null = true; // PostgreSQL makes identity columns NOT NULL
      break;
    case CONSTR_GENERATED:
      out.generated_stored = true;
      break;
    case CONSTR_PRIMARY:
      out.primary_key = true;
      out.not_null = true;
      [[fallthrough]];
    case CONSTR_UNIQUE:
    case CONSTR_CHECK:
    case CONSTR_FOREIGN:
    case CONSTR_EXCLUSION: {
      model::Constraint& lowered = out.constraints.emplace_back();
      lower_constraint(con, ctx, lowered);
      if (lowered.columns.empty()) {
        lowered.columns.push_back(out.name);
      }
      break;
    }
    default:
      break;
    }
  }
}

model::ColumnDef lower_column(const ColumnDef* c, const LowerCtx& ctx) {
  model::ColumnDef out;
  lower_column(c, ctx, out);
  return out;
}

} // namespace rollsafe::pg
