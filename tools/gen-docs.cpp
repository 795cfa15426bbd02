// Generates rollsafe's man page and its bash, zsh and fish completions from the
// command-line definition (rollsafe::cli::Commands::define, the same CLI11 App the
// binary parses with) and from the rule registry, at build time, so neither can
// drift from the binary.
//   rollsafe-gen-docs OUTDIR
// writes OUTDIR/rollsafe.1, OUTDIR/rollsafe.bash, OUTDIR/_rollsafe (zsh) and
// OUTDIR/rollsafe.fish.
#include "cli/commands.h"
#include "engine/registry.h"
#include "engine/rule.h"
#include "version.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

// How a shell completes an option's value or a positional argument.
enum class Complete { None, Files, Choices, Rules };

// One option or positional argument, read from CLI11.
struct Arg {
  std::vector<std::string> shorts; // without the dash
  std::vector<std::string> longs;  // without the dashes
  std::string positional;          // the name, for a positional argument
  std::string description;
  std::string default_value;
  std::string metavar;
  std::string env;
  std::vector<std::string> choices;
  bool takes_value = false;
  bool repeatable = false;
  bool required = false;
  Complete complete = Complete::None;

  // "-q, --quiet" style names, dashes included.
  [[nodiscard]] std::vector<std::string> flags() const {
    std::vector<std::string> out;
    for (const auto& s : shorts) {
      out.push_back("-" + s);
    }
    for (const auto& l : longs) {
      out.push_back("--" + l);
    }
    return out;
  }
};

struct Command {
  std::string name; // empty for the top level
  std::string description;
  std::vector<Arg> options;
  std::vector<Arg> positionals;
};

struct Rule {
  std::string id;
  std::string severity;
  std::string phases;
  std::string summary;
};

struct Model {
  Command top;
  std::vector<Command> commands;
  std::vector<Rule> rules;
};

std::string upper(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// CLI11 describes an IsMember check as "{a,b,c}" in the option's type name
// ("TEXT:{text,json}").
std::vector<std::string> choices_of(const std::string& type_name) {
  std::vector<std::string> out;
  const auto open = type_name.find(":{");
  if (open == std::string::npos) {
    return out;
  }
  const auto close = type_name.find('}', open);
  std::stringstream list(type_name.substr(open + 2, close - open - 2));
  for (std::string item; std::getline(list, item, ',');) {
    out.push_back(item);
  }
  return out;
}

// Names whose values are rule ids: the positional argument of `explain`, and any
// option that names rules.
bool names_rules(const std::string& name) {
  static const std::vector<std::string> kRuleNames = {"rule",   "rules",  "select",
                                                      "ignore", "enable", "disable"};
  return std::ranges::find(kRuleNames, name) != kRuleNames.end();
}

Arg read_arg(const CLI::Option& opt) {
  Arg a;
  for (const auto& s : opt.get_snames()) {
    a.shorts.push_back(s);
  }
  for (const auto& l : opt.get_lnames()) {
    a.longs.push_back(l);
  }
  if (opt.get_positional()) {
    a.positional = opt.get_name(true);
  }
  a.description = opt.get_description();
  a.default_value = opt.get_default_str();
  a.env = opt.get_envname();
  a.required = opt.get_required();
  // A flag expects no value; a vector option or positional more than one.
  a.takes_value = opt.get_expected_max() > 0;
  a.repeatable = opt.get_items_expected_max() > 1 ||
                 opt.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  const std::string type = opt.get_type_name();
  const std::string base = type.substr(0, type.find(':'));
  a.choices = choices_of(type);
  const std::string name =
      a.positional.empty() ? (a.longs.empty() ? "" : a.longs.front()) : a.positional;
  const bool numeric = base == "INT" || base == "UINT" || base == "FLOAT" || base == "NUMBER";
  // Flags and numbers complete nothing (Complete::None, the default).
  if (a.takes_value && !a.choices.empty()) {
    a.complete = Complete::Choices;
  } else if (a.takes_value && names_rules(name)) {
    a.complete = Complete::Rules;
  } else if (a.takes_value && !numeric) {
    a.complete = Complete::Files;
  }
  if (numeric) {
    a.metavar = "N";
  } else if (name.ends_with("filename")) {
    a.metavar = "NAME";
  } else if (name == "output" || name == "config" || name.find("file") != std::string::npos) {
    a.metavar = "FILE";
  } else if (a.complete == Complete::Rules) {
    a.metavar = "RULE";
  } else {
    a.metavar = upper(name.substr(name.rfind('-') == std::string::npos ? 0 : name.rfind('-') + 1));
  }
  return a;
}

Command read_command(const CLI::App& app) {
  Command c;
  c.name = app.get_name();
  c.description = app.get_description();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) { // hidden
      continue;
    }
    Arg a = read_arg(*opt);
    (opt->get_positional() && !opt->nonpositional() ? c.positionals : c.options)
        .push_back(std::move(a));
  }
  return c;
}

Model read_model(const CLI::App& app) {
  Model m;
  m.top = read_command(app);
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_group().empty()) { // hidden
      continue;
    }
    m.commands.push_back(read_command(*sub));
  }
  for (const rollsafe::Rule* r : rollsafe::Registry::instance().rules()) {
    const rollsafe::RuleInfo& i = r->info();
    std::string phases;
    for (const rollsafe::Phase p :
         {rollsafe::Phase::Expand, rollsafe::Phase::Migrate, rollsafe::Phase::Contract}) {
      if (i.phases.contains(p)) {
        phases += (phases.empty() ? "" : ", ") + std::string(rollsafe::to_string(p));
      }
    }
    if (i.phases.bits == rollsafe::PhaseSet::all().bits) {
      phases = "all phases";
    }
    m.rules.push_back({std::string(i.id), std::string(rollsafe::to_string(i.severity)), phases,
                       std::string(i.summary)});
  }
  return m;
}

// ---------------------------------------------------------------------------- roff

// Text for roff: backslashes and dashes escaped (\- stays an ASCII hyphen-minus,
// so options and rule ids can be copied), a control character at the start of a
// line neutralised.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) {
      out += "\\&";
    }
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string sentence(std::string text) {
  if (!text.empty() && text.back() != '.') {
    text += '.';
  }
  return text;
}

void man_arg(std::ostream& out, const Arg& a) {
  out << ".TP\n";
  if (!a.positional.empty()) {
    out << "\\fI" << roff(upper(a.positional)) << "\\fR" << (a.repeatable ? "..." : "") << '\n';
  } else {
    std::string names;
    for (const auto& f : a.flags()) {
      names += (names.empty() ? "" : ", ") + ("\\fB" + roff(f) + "\\fR");
    }
    if (a.takes_value) {
      names += " \\fI" + roff(a.metavar) + "\\fR";
    }
    out << names << '\n';
  }
  std::string text = sentence(a.description);
  if (!a.choices.empty()) {
    std::string list;
    for (const auto& c : a.choices) {
      list += (list.empty() ? "" : ", ") + c;
    }
    text += " One of: " + list + ".";
  }
  if (!a.default_value.empty()) {
    text += " Default: " + a.default_value + ".";
  }
  if (!a.env.empty()) {
    text += " Environment: " + a.env + ".";
  }
  if (a.repeatable && a.positional.empty()) {
    text += " May be given more than once.";
  }
  out << roff(text) << '\n';
}

std::string synopsis_args(const Command& c) {
  std::string s = c.options.size() > 1 ? " [\\fIOPTIONS\\fR]" : "";
  for (const auto& p : c.positionals) {
    const std::string arg =
        "\\fI" + roff(upper(p.positional)) + "\\fR" + (p.repeatable ? "..." : "");
    s += " " + (p.required ? arg : "[" + arg + "]");
  }
  return s;
}

void write_man(std::ostream& out, const Model& m) {
  using rollsafe::cli::kExitClean;
  using rollsafe::cli::kExitFailure;
  using rollsafe::cli::kExitFindings;
  out << R"(.\" Generated by rollsafe-gen-docs from rollsafe's command-line definition and
.\" rule registry. Do not edit: change src/cli/commands.cpp or the rules instead.
.TH ROLLSAFE 1 "" "rollsafe )"
      << rollsafe::kVersion << R"(" "User Commands"
.nh
.ad l
.SH NAME
rollsafe \- check SQL schema migrations for rolling\-upgrade safety
.SH SYNOPSIS
)";
  for (const auto& c : m.commands) {
    out << "\\fBrollsafe " << roff(c.name) << "\\fR" << synopsis_args(c) << "\n.br\n";
  }
  out << ".B rollsafe \\-\\-version\n.br\n.B rollsafe \\-\\-help\n";
  out << R"(.SH DESCRIPTION
.B rollsafe
tells, before you deploy, whether a migration is safe for a rolling upgrade: while
nodes upgrade one at a time, the previous release's code keeps serving against the
migrated database, so a migration must not break it (drop, rename or retype what it
uses, make its writes fail) and must not lock a busy table long enough to cause an
outage.
.PP
It checks the expand \(-> migrate \(-> contract discipline.
.B expand
runs before the new code rolls out and may only add (new tables, nullable or
defaulted columns, indexes built
.BR CONCURRENTLY );
.B migrate
runs while old and new code both serve and changes data only (batched backfills);
.B contract
runs after every node runs the new code and may drop what nothing reads any more and
add constraints
.RB ( "NOT VALID" ", then " VALIDATE ).
Locking rules apply in every phase.
.PP
A file's phase comes from, in order:
.BR \-\-phase ;
a directive in a comment at the top of the file
.RB ( "\-\- rollsafe: phase=contract" );
a path segment or file\-name token
.RB ( expand ", " migrate ", " contract ", " data_migration ", ...);"
else
.BR expand ,
the strictest.
Files in a folder above a phase folder form a release
.RI ( 2024.03/expand/... ", " 2024.03/contract/... );
a table created earlier in the same phase of a release is new, and safe to alter.
.PP
Directories are searched recursively for
.I *.sql
files, linted in the order a migration tool applies them.
.I \-
reads standard input.
.SH COMMANDS
)";
  for (const auto& c : m.commands) {
    out << ".SS \"rollsafe " << roff(c.name) << "\"\n" << roff(sentence(c.description)) << '\n';
    for (const auto& p : c.positionals) {
      man_arg(out, p);
    }
    for (const auto& o : c.options) {
      man_arg(out, o);
    }
  }
  out << ".SH GLOBAL OPTIONS\n";
  for (const auto& o : m.top.options) {
    man_arg(out, o);
  }
  out << ".SH RULES\n"
         "Each finding names its rule.\n"
         ".B rollsafe explain\n.I RULE\n"
         "prints why the rule matters, an unsafe example and the safe sequence;\n"
         ".B rollsafe rules\nlists them.\n";
  for (const auto& r : m.rules) {
    out << ".TP\n\\fB" << roff(r.id) << "\\fR (" << r.severity << "; " << roff(r.phases) << ")\n"
        << roff(sentence(r.summary)) << '\n';
  }
  out << R"(.PP
Two ids are reserved:
.B syntax\-error
(a statement does not parse with PostgreSQL's grammar; the rest of the file is
still checked) and
.B invalid\-input
(NUL bytes or invalid UTF\-8).
.SH EXIT STATUS
.TP
.B )" << kExitClean
      << R"(
No error\-severity finding (warnings do not change the exit status).
.TP
.B )" << kExitFindings
      << R"(
At least one error\-severity finding; a syntax error counts: rollsafe never passes
a file it could not check.
.TP
.B )" << kExitFailure
      << R"(
rollsafe could not do its job (unknown option, unreadable or missing path, a path
that is not a regular file); one line on standard error says why.
.SH ENVIRONMENT
.TP
.B NO_COLOR
When set and not empty,
.B \-\-color auto
does not colour the output.
.SH EXAMPLES
.TP
Lint a migration history:
.B rollsafe lint db/migrations/
.TP
Lint SQL printed by a migration tool, reported and phased as a path:
.B alembic upgrade \-\-sql head | rollsafe lint \- \-\-stdin\-filename migrations/expand/head.sql
.TP
Why a rule matters and the safe sequence:
.B rollsafe explain drop\-column
.SH SEE ALSO
README.md and ci.md (CI recipes: GitHub Actions, GitLab CI, pre\-commit, SQL from
ORMs) in rollsafe's documentation directory,
.I /usr/share/doc/rollsafe
with the Debian package.
)";
}

// -------------------------------------------------------------------- completions

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& i : items) {
    out += (out.empty() ? "" : std::string(sep)) + i;
  }
  return out;
}

std::vector<std::string> rule_ids(const Model& m) {
  std::vector<std::string> ids;
  for (const auto& r : m.rules) {
    ids.push_back(r.id);
  }
  return ids;
}

std::vector<std::string> all_flags(const Command& c) {
  std::vector<std::string> out;
  for (const auto& o : c.options) {
    for (const auto& f : o.flags()) {
      out.push_back(f);
    }
  }
  return out;
}

// Single-quoted for bash and zsh.
std::string sq(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

void bash_complete(std::ostream& out, Complete kind, const std::vector<std::string>& choices,
                   const Model& m, std::string_view indent) {
  switch (kind) {
  case Complete::Choices:
    out << indent << "_rollsafe_words " << sq(join(choices, " ")) << '\n';
    break;
  case Complete::Rules:
    out << indent << "_rollsafe_words " << sq(join(rule_ids(m), " ")) << '\n';
    break;
  case Complete::Files:
    out << indent << "_rollsafe_files\n";
    break;
  case Complete::None:
    out << indent << ":\n";
    break;
  }
}

void write_bash(std::ostream& out, const Model& m) {
  std::vector<std::string> names;
  for (const auto& c : m.commands) {
    names.push_back(c.name);
  }
  out << R"(# bash completion for rollsafe.
# Generated by rollsafe-gen-docs from rollsafe's command-line definition; do not edit.

_rollsafe_words() {
  mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
}

_rollsafe_files() {
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}

_rollsafe() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=""
  local -i last=$((COMP_CWORD - 1))
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  # --option=value: bash splits the word at '='.
  if [[ $cur == "=" ]]; then
    cur=""
  elif [[ $prev == "=" ]] && ((COMP_CWORD >= 2)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
    last=$((COMP_CWORD - 2))
  fi
  COMPREPLY=()

  local command="" i
  for ((i = 1; i < last + 1; i++)); do
    case ${COMP_WORDS[i]} in
)";
  out << "      " << join(names, " | ") << ")\n"
      << "        command=${COMP_WORDS[i]}\n        break\n        ;;\n    esac\n  done\n\n"
      << "  case $command in\n";
  auto command_case = [&](const Command& c, const std::string& label,
                          const std::vector<std::string>& words_without_dash) {
    out << "    " << label << ")\n";
    std::vector<std::string> valued;
    for (const auto& o : c.options) {
      if (o.takes_value) {
        out << "      if [[ "
            << join(
                   [&] {
                     std::vector<std::string> tests;
                     for (const auto& f : o.flags()) {
                       tests.push_back("$prev == " + f);
                     }
                     return tests;
                   }(),
                   " || ")
            << " ]]; then\n";
        bash_complete(out, o.complete, o.choices, m, "        ");
        out << "        return 0\n      fi\n";
      }
    }
    out << "      if [[ $cur == -* ]]; then\n        _rollsafe_words "
        << sq(join(all_flags(c), " ")) << "\n        return 0\n      fi\n";
    if (!words_without_dash.empty()) {
      out << "      _rollsafe_words " << sq(join(words_without_dash, " ")) << '\n';
    } else if (!c.positionals.empty()) {
      const Arg& p = c.positionals.front();
      bash_complete(out, p.complete, p.choices, m, "      ");
    }
    out << "      ;;\n";
  };
  command_case(m.top, "\"\"", names);
  for (const auto& c : m.commands) {
    command_case(c, c.name, {});
  }
  out << R"(  esac
  return 0
}

complete -F _rollsafe rollsafe
)";
}

// zsh: inside the [...] of an _arguments spec, ] and : are escaped; the spec is
// single-quoted.
std::string zsh_desc(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ']' || c == '[' || c == ':' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string zsh_action(const Arg& a, const Model& m) {
  switch (a.complete) {
  case Complete::Choices:
    return "(" + join(a.choices, " ") + ")";
  case Complete::Rules:
    return "(" + join(rule_ids(m), " ") + ")";
  case Complete::Files:
    return "_files";
  case Complete::None:
    break;
  }
  return " ";
}

void zsh_specs(std::ostream& out, const Command& c, const Model& m, bool top) {
  for (const auto& o : c.options) {
    const auto flags = o.flags();
    std::string exclusion;
    if (top && (o.longs == std::vector<std::string>{"help"} ||
                o.longs == std::vector<std::string>{"version"})) {
      exclusion = "(- *)";
    } else if (flags.size() > 1 && !o.repeatable) {
      exclusion = "(" + join(flags, " ") + ")";
    }
    for (const auto& f : flags) {
      std::string spec = (o.repeatable ? "*" : exclusion) + f;
      if (o.takes_value && f.starts_with("--")) {
        spec += "=";
      }
      spec += "[" + zsh_desc(o.description) + "]";
      if (o.takes_value) {
        spec += ":" + zsh_desc(o.metavar) + ":" + zsh_action(o, m);
      }
      out << "    " << sq(spec) << " \\\n";
    }
  }
  int index = 1;
  for (const auto& p : c.positionals) {
    const std::string position = p.repeatable ? "*" : std::to_string(index++);
    out << "    " << sq(position + ":" + zsh_desc(p.positional) + ":" + zsh_action(p, m))
        << " \\\n";
  }
}

void write_zsh(std::ostream& out, const Model& m) {
  out << R"(#compdef rollsafe
# zsh completion for rollsafe.
# Generated by rollsafe-gen-docs from rollsafe's command-line definition; do not edit.

_rollsafe() {
  local curcontext="$curcontext" state line ret=1
  typeset -A opt_args
  _arguments -C \
)";
  zsh_specs(out, m.top, m, true);
  out << R"(    '1: :->command' \
    '*:: :->argument' && ret=0
  case $state in
    command)
      local -a commands=(
)";
  for (const auto& c : m.commands) {
    out << "        " << sq(c.name + ":" + c.description) << '\n';
  }
  out << R"(      )
      _describe -t commands 'rollsafe command' commands && ret=0
      ;;
    argument)
      curcontext="${curcontext%:*:*}:rollsafe-$line[1]:"
      case $line[1] in
)";
  for (const auto& c : m.commands) {
    out << "        " << c.name << ")\n          _arguments \\\n";
    std::ostringstream specs;
    zsh_specs(specs, c, m, false);
    std::string text = specs.str();
    // Indent the specs under the case.
    std::string indented;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      indented += "        " + line + '\n';
    }
    out << indented << "            && ret=0\n          ;;\n";
  }
  out << R"(      esac
      ;;
  esac
  return ret
}

_rollsafe "$@"
)";
}

std::string fish_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "'";
}

void fish_options(std::ostream& out, const Command& c, const Model& m,
                  const std::string& condition) {
  for (const auto& o : c.options) {
    out << "complete -c rollsafe -n " << fish_quote(condition);
    for (const auto& s : o.shorts) {
      out << " -s " << s;
    }
    for (const auto& l : o.longs) {
      out << " -l " << l;
    }
    if (o.takes_value) {
      switch (o.complete) {
      case Complete::Choices:
        out << " -x -a " << fish_quote(join(o.choices, " "));
        break;
      case Complete::Rules:
        out << " -x -a " << fish_quote(join(rule_ids(m), " "));
        break;
      case Complete::Files:
        out << " -r -F";
        break;
      case Complete::None:
        out << " -x";
        break;
      }
    }
    out << " -d " << fish_quote(o.description) << '\n';
  }
}

void write_fish(std::ostream& out, const Model& m) {
  out << R"(# fish completion for rollsafe.
# Generated by rollsafe-gen-docs from rollsafe's command-line definition; do not edit.

complete -c rollsafe -f
)";
  fish_options(out, m.top, m, "__fish_use_subcommand");
  for (const auto& c : m.commands) {
    out << "complete -c rollsafe -n __fish_use_subcommand -a " << c.name << " -d "
        << fish_quote(c.description) << '\n';
  }
  for (const auto& c : m.commands) {
    const std::string condition = "__fish_seen_subcommand_from " + c.name;
    fish_options(out, c, m, condition);
    for (const auto& p : c.positionals) {
      switch (p.complete) {
      case Complete::Files:
        out << "complete -c rollsafe -n " << fish_quote(condition) << " -F\n";
        break;
      case Complete::Rules:
        for (const auto& r : m.rules) {
          out << "complete -c rollsafe -n " << fish_quote(condition) << " -a " << r.id << " -d "
              << fish_quote(r.summary) << '\n';
        }
        break;
      case Complete::Choices:
        out << "complete -c rollsafe -n " << fish_quote(condition) << " -a "
            << fish_quote(join(p.choices, " ")) << '\n';
        break;
      case Complete::None:
        break;
      }
    }
  }
}

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "rollsafe-gen-docs: cannot write " << path.string() << '\n';
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: rollsafe-gen-docs OUTDIR\n";
    return 2;
  }
  try {
    rollsafe::cli::Commands commands;
    CLI::App app{"rollsafe: checks SQL schema migrations for rolling-upgrade safety", "rollsafe"};
    commands.define(app);
    const Model model = read_model(app);

    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    std::ostringstream man;
    std::ostringstream bash;
    std::ostringstream zsh;
    std::ostringstream fish;
    write_man(man, model);
    write_bash(bash, model);
    write_zsh(zsh, model);
    write_fish(fish, model);
    const bool ok = write_file(dir / "rollsafe.1", man.str()) &&
                    write_file(dir / "rollsafe.bash", bash.str()) &&
                    write_file(dir / "_rollsafe", zsh.str()) &&
                    write_file(dir / "rollsafe.fish", fish.str());
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "rollsafe-gen-docs: " << e.what() << '\n';
    return 1;
  }
}
