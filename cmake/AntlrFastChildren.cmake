# cmake -D SOURCE=<Parser>.cpp -D HEADER=<Parser>.h -D NAME=<Parser> -P AntlrFastChildren.cmake
#
# The accessors the antlr4 tool (4.7.2) generates for a parser's contexts find
# their children through ParserRuleContext::getRuleContext<T>, getRuleContexts<T>,
# getToken and getTokens, which test every child with a dynamic_cast. This rewrite
# makes them call src/frontend/mysql/antlr_children.h instead, which tests a child
# by its exact type and its rule index (same results, no type-name comparisons;
# see that header), each rule function's exit action runs without a
# std::function, predictions go to antlr_prediction.h's simulator and rule
# contexts to the grammar's node arena (below).
# A context class named <X>Context belongs to the rule whose index is
# <Name>::Rule<X>; the build fails if one has no such rule (an accessor
# returning a labelled alternative's class, which the tool does not generate) or
# if any generated call is left unrewritten (a newer antlr4 tool).
file(READ ${SOURCE} source)
file(READ ${HEADER} header)

set(ident "[A-Za-z0-9_]+")
string(REGEX MATCHALL "getRuleContexts?<${NAME}::${ident}Context>" uses "${source}")
list(REMOVE_DUPLICATES uses)
foreach(use IN LISTS uses)
  string(REGEX REPLACE "^getRuleContexts?<${NAME}::(${ident})Context>$" "\\1" rule "${use}")
  string(REGEX MATCH "[ ,]Rule${rule} = [0-9]+" found "${header}")
  if(found STREQUAL "")
    message(FATAL_ERROR "${HEADER}: ${rule}Context has no rule index Rule${rule}")
  endif()
endforeach()

set(helpers "::rollsafe::mysql::antlr_children")
string(REGEX REPLACE "getRuleContext<${NAME}::(${ident})Context>\\(([A-Za-z0-9_]+)\\)"
  "${helpers}::rule_child<${NAME}::\\1Context>(this, ${NAME}::Rule\\1, \\2)" source "${source}")
string(REGEX REPLACE "getRuleContexts<${NAME}::(${ident})Context>\\(\\)"
  "${helpers}::rule_children<${NAME}::\\1Context>(this, ${NAME}::Rule\\1)" source "${source}")
string(REGEX REPLACE "([^:A-Za-z_])getToken\\(${NAME}::(${ident}), ([A-Za-z0-9_]+)\\)"
  "\\1${helpers}::token_child(this, ${NAME}::\\2, \\3)" source "${source}")
string(REGEX REPLACE "([^:A-Za-z_])getTokens\\(${NAME}::(${ident})\\)"
  "\\1${helpers}::token_children(this, ${NAME}::\\2)" source "${source}")

# Each rule function's `auto onExit = finally([=] { exitRule(); });`: the
# runtime's finally() copies the lambda into a std::function, out of line.
string(REPLACE "auto onExit = finally(" "auto onExit = ${helpers}::on_exit(" source "${source}")

# A context's children vector gets its first capacity in the grammar's node
# arena (Nodes::make in MySqlParser.g4), from a vector of a context freed
# earlier, not in the context's constructor.

# The parser asks the runtime's ParserATNSimulator for every decision that one
# token does not settle, through getInterpreter<atn::ParserATNSimulator>(): a
# dynamic_cast per call. It now creates src/frontend/mysql/antlr_prediction.h's
# CachedPrediction instead (the same predictions, answered from the shared DFA
# without the runtime's per-call overhead; see that header) and calls it through
# a static_cast: a parser's interpreter is always a ParserATNSimulator
# (Parser::setProfile swaps in a ProfilingATNSimulator, which derives from it).
set(create "_interpreter = new atn::ParserATNSimulator(this, _atn, _decisionToDFA, _sharedContextCache);")
string(FIND "${source}" "${create}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${SOURCE}: no `${create}` to replace")
endif()
string(REPLACE "${create}"
  "_interpreter = new ::rollsafe::mysql::antlr_prediction::CachedPrediction(this, _atn, _decisionToDFA, _sharedContextCache);"
  source "${source}")
string(REPLACE "getInterpreter<atn::ParserATNSimulator>()->adaptivePredict("
  "static_cast<atn::ParserATNSimulator*>(_interpreter)->adaptivePredict(" source "${source}")

# The generated `_input->LA(1)`: the grammar's LA1() reads rollsafe's token
# buffer inline (see the members of MySqlParser.g4).
string(REPLACE "_input->LA(1)" "LA1()" source "${source}")

# Each rule context is built by the grammar's newContext() (the node arena in
# the members of MySqlParser.g4) instead of the runtime's tree tracker.
string(FIND "${source}" "_tracker.createInstance<" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${SOURCE}: no `_tracker.createInstance<` to replace")
endif()
string(REPLACE "_tracker.createInstance<" "newContext<" source "${source}")

string(REGEX MATCH "[^:A-Za-z_](getRuleContexts?|getTokens?|finally)\\(" left "${source}")
string(REGEX MATCH "[^:A-Za-z_](getRuleContexts?|getInterpreter)<" left_template "${source}")
if(NOT left STREQUAL "" OR NOT left_template STREQUAL "")
  message(FATAL_ERROR "${SOURCE}: a generated call was not rewritten: ${left}${left_template}")
endif()

set(own_header "#include \"${NAME}.h\"")
string(FIND "${source}" "${own_header}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${SOURCE}: no `${own_header}` to add the helpers after")
endif()
string(REPLACE "${own_header}"
  "${own_header}\n#include \"frontend/mysql/antlr_children.h\"\n#include \"frontend/mysql/antlr_prediction.h\""
  source "${source}")
file(WRITE ${SOURCE} "${source}")
