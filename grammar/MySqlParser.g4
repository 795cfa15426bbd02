// The parser of rollsafe's MySQL/MariaDB grammar (see MySqlLexer.g4). It is
// driven one statement at a time: the client-side splitter
// (src/frontend/mysql/mysql_split.cpp) cuts the script first, so `statement`
// is the start rule.
//
// What is modelled in detail: the DDL rollsafe lints (CREATE/ALTER/DROP/RENAME
// TABLE, indexes, views, triggers, routines, events, databases), the
// statements whose target matters (INSERT/REPLACE/UPDATE/DELETE, TRUNCATE,
// LOCK TABLES), and session statements (SET, transactions, USE, PREPARE).
// Expressions are not: they are checked for balanced parentheses only
// (`parenthesized`, `restOfStatement`), and the server checks the rest. Routine,
// trigger and event bodies are opaque token runs (`opaqueBody`). Statements
// rollsafe has no use for (SELECT, GRANT, SHOW, ...) are accepted by their
// leading keywords (`otherStatement`): a deliberate fallback that never starts
// with CREATE TABLE/ALTER TABLE/DROP/RENAME, so it cannot hide a syntax error
// in the DDL that is linted.
//
// Speed (docs/performance.md, "Parser-side changes"). The token-soup rules
// (restOfStatement, parenthesized, setValue, opaqueBody) call skipSoup() before
// their loop: it moves the input past the longest run the loop would consume,
// without a prediction per token or a tree node per token. Their loops are
// greedy (an ANTLR loop takes the ambiguous `;` of `statement: sqlStatement?
// SEMI* EOF`, and nothing that follows them can take a `)` or UNEXPECTED), so
// the skipped run is exactly what the loop would have matched, and the loop
// itself still runs on whatever follows (an unmatched bracket, UNEXPECTED, EOF):
// a syntax error is reported at the same token as before. skipSoup() uses only
// the antlr4::TokenStream interface (LA(1), consume, index, seek, mark; the
// first two inline for rollsafe's token buffer), so any token stream works.
// The lowering reads the tokens of these rules from the token stream
// (LowerCtx::tokens_of), not from their children.
//
// The decisions that still call adaptivePredict with more than one token of
// lookahead, and why they stay: createTable's body (`CREATE TABLE t (` may
// start a column list or a bracketed CREATE ... SELECT, which the grammar
// accepts up to the end of the statement), dataType's suffix loop (CHARACTER
// SET and COLLATE are both type suffixes and column attributes), sqlStatement
// (CREATE/ALTER/DROP prefixes), and tableName (`a.b` vs UPDATE's and DELETE's
// `.`). Making them LL(1) changes either the language or the tree the lowering
// reads, for a few percent of the parse.
parser grammar MySqlParser;

options { tokenVocab = MySqlLexer; }

@parser::header {
#include "frontend/mysql/mysql_lexer.h"

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>
}

@parser::members {
// The kinds of token soup skipSoup() runs over (see the note at the top).
enum class Soup {
  Balanced, // restOfStatement, parenthesized: up to an unmatched `)`
  SetValue, // setValue: also up to a `,` outside brackets
  Body      // opaqueBody: every token
};

// Moves the input past the longest run of tokens that the loop after the
// calling action would consume anyway: tokens other than UNEXPECTED and EOF,
// for `Balanced` and `SetValue` only up to an unmatched `)` and only as far as
// the brackets balance. No tree node is built for what is skipped, and the
// rule's own loop takes over at the first token the run does not cover, so a
// syntax error is reported at the same token as without the skip. When the
// brackets do not balance, skipping stops for the rest of the statement: each
// nested bracket would scan to the end again.
void skipSoup(Soup kind) {
  if (soupOff_) {
    return;
  }
  antlr4::TokenStream* in = _input;
  const ssize_t marker = in->mark();
  size_t end = in->index();
  int depth = 0;
  for (;;) {
    const size_t type = LA1();
    if (type == antlr4::Token::EOF || type == UNEXPECTED) {
      break;
    }
    if (kind != Soup::Body) {
      if (type == LPAREN) {
        ++depth;
      } else if (type == RPAREN) {
        if (depth == 0) {
          break;
        }
        --depth;
      } else if (kind == Soup::SetValue && type == COMMA && depth == 0) {
        break;
      }
    }
    if (buffer_ != nullptr) {
      buffer_->step(); // not EOF
    } else {
      in->consume();
    }
    if (depth == 0) {
      end = in->index();
    }
  }
  soupOff_ = depth != 0;
  in->seek(end);
  in->release(marker);
}

bool soupOff_ = false;

// Rule entry and exit without dynamic_cast. antlr4::Parser (runtime 4.9) finds
// a context's parent with a dynamic_cast to ParserRuleContext at every rule
// entry, alternative and exit: a third of the runtime's own work on our
// statements. In a parser's tree every parent is a ParserRuleContext (each
// context is created with the current one as its parent), so a static_cast
// says the same. Otherwise these are the runtime's functions, step by step.
// exitRule() is not virtual in the runtime: this one hides it, and the
// generated rule functions, members of this class, call it unqualified.
// The token stream when it is rollsafe's own (the frontend's TokenBuffer), read
// inline: the generated code asked the stream for LA(1), LT(1), LT(-1) and
// consume() through virtual calls about five times per token (a tenth of the
// parse). Any other stream (the generated lexer's CommonTokenStream in the
// baseline and tests) is read through the interface as before.
rollsafe::mysql::TokenBuffer* buffer_ = nullptr;

void setTokenStream(antlr4::TokenStream* input) override {
  Parser::setTokenStream(input);
  buffer_ = nullptr;
  if (input != nullptr && typeid(*input) == typeid(rollsafe::mysql::TokenBuffer)) {
    auto* buffer = static_cast<rollsafe::mysql::TokenBuffer*>(input);
    if (buffer->lexed()) {
      buffer_ = buffer;
    }
  }
}

// _input->LA(1), LT(1) and LT(-1) (AntlrFastChildren.cmake rewrites the
// generated `_input->LA(1)` to LA1()).
size_t LA1() { return buffer_ != nullptr ? buffer_->current_type() : _input->LA(1); }
antlr4::Token* LT1() { return buffer_ != nullptr ? buffer_->current() : _input->LT(1); }
antlr4::Token* LTBack() { return buffer_ != nullptr ? buffer_->previous() : _input->LT(-1); }

// v.push_back(x) whose reallocation is out of line. GCC 12 inlines the
// reallocation into push_back, which then saves six registers on every call
// (23 instructions where 6 do): 11 M calls on the 30 MB MySQL corpus.
template <typename T> [[gnu::noinline]] static void appendGrowing(std::vector<T>& v, T x) {
  v.push_back(x);
}
template <typename T> static void append(std::vector<T>& v, std::type_identity_t<T> x) {
  if (v.size() == v.capacity()) [[unlikely]] {
    appendGrowing(v, x);
    return;
  }
  if (v.size() >= v.capacity()) {
    __builtin_unreachable(); // tells the compiler that push_back needs no room
  }
  v.push_back(x);
}

static antlr4::ParserRuleContext* parentOf(antlr4::ParserRuleContext* ctx) {
  return static_cast<antlr4::ParserRuleContext*>(ctx->parent);
}

void enterRule(antlr4::ParserRuleContext* localctx, size_t state, size_t /*ruleIndex*/) override {
  setState(state);
  _ctx = localctx;
  _ctx->start = LT1();
  if (_buildParseTrees && _ctx->parent != nullptr) {
    append(parentOf(_ctx)->children, _ctx); // addChild(), inline
  }
  if (!_parseListeners.empty()) {
    triggerEnterRuleEvent();
  }
}

void exitRule() {
  _ctx->stop = _matchedEOF ? LT1() : LTBack();
  if (!_parseListeners.empty()) {
    triggerExitRuleEvent();
  }
  setState(_ctx->invokingState);
  _ctx = parentOf(_ctx);
}

void enterOuterAlt(antlr4::ParserRuleContext* localctx, size_t altNum) override {
  localctx->setAltNumber(altNum);
  if (_buildParseTrees && _ctx != localctx && _ctx->parent != nullptr) {
    antlr4::ParserRuleContext* parent = parentOf(_ctx);
    parent->removeLastChild();
    append(parent->children, localctx); // addChild(), inline
  }
  _ctx = localctx;
}

// The parse tree's memory, kept from statement to statement. The runtime
// allocates every node on the heap and registers it with its tree tracker,
// which deletes each again in reset(): an allocation and a free per rule
// context and per matched token, and for a token a constructor and destructor
// through virtual bases. Here the nodes live as long as the tracker would keep
// them (until reset(), which the next setTokenStream() calls), but:
// - the rule contexts are built in an arena (cmake/AntlrFastChildren.cmake
//   makes the generated rule functions call newContext() instead of
//   _tracker.createInstance()); reset() destroys them and rewinds the arena;
// - the terminal nodes come from a pool and are reused in place (their token
//   set again; consumeToken() sets the parent). Error recovery, parse listeners and
//   parses without a tree take the runtime's consume() unchanged.
// Nothing else deletes a node: parents do not own their children.
template <typename T, typename... Args> T* newContext(Args&&... args) {
  return nodes_.make<T>(std::forward<Args>(args)...);
}

antlr4::Token* consume() override {
  return consumeToken(LT1());
}

// The runtime's match(), reading the current token once (it reads it again in
// consume()); a mismatch takes the runtime's path, with its error handling.
antlr4::Token* match(size_t ttype) override {
  antlr4::Token* token = LT1();
  if (token->getType() != ttype) {
    return Parser::match(ttype);
  }
  if (ttype == antlr4::Token::EOF) {
    _matchedEOF = true;
  }
  _errHandler->reportMatch(this);
  return consumeToken(token);
}

// consume() of `token`, the current token.
antlr4::Token* consumeToken(antlr4::Token* token) {
  if (!_buildParseTrees || !_parseListeners.empty() || _errHandler->inErrorRecoveryMode(this)) {
    return Parser::consume();
  }
  if (token->getType() != antlr4::Token::EOF) {
    if (buffer_ != nullptr) {
      buffer_->step();
    } else {
      _input->consume();
    }
  }
  // addChild(), inline: the terminal's parent, then the child.
  antlr4::tree::TerminalNodeImpl* node = nodes_.terminal(token);
  node->parent = _ctx;
  append(_ctx->children, node);
  return token;
}

void reset() override {
  Parser::reset();
  nodes_.clear();
}

// Owns the nodes above; its destructor destroys the last statement's contexts.
class Nodes {
public:
  Nodes() = default;
  Nodes(const Nodes&) = delete;
  Nodes& operator=(const Nodes&) = delete;
  ~Nodes() { destroy_contexts(); }

  template <typename T, typename... Args> T* make(Args&&... args) {
    static_assert(sizeof(T) <= kBlockBytes && alignof(T) <= alignof(std::max_align_t));
    size_t at = (used_ + alignof(T) - 1) & ~(alignof(T) - 1);
    if (blocks_.empty() || at + sizeof(T) > kBlockBytes) {
      if (++block_ >= blocks_.size()) {
        block_ = blocks_.size();
        blocks_.push_back(std::make_unique<Block>());
      }
      at = 0;
    }
    T* node = new (blocks_[block_]->bytes + at) T(std::forward<Args>(args)...);
    used_ = at + sizeof(T);
    append(contexts_, node);
    // The children vector of a context the last reset() destroyed, with its
    // capacity, instead of a new one: an allocation and a free per context
    // were a tenth of the parse. A labelled alternative's context may already
    // hold error nodes it took over from the rule's context (copyFrom).
    std::vector<antlr4::tree::ParseTree*>& children = node->children;
    if (children.empty()) {
      if (spareUsed_ > 0) {
        children.swap(spareChildren_[--spareUsed_]);
      } else {
        children.reserve(kFirstChildren);
      }
    }
    return node;
  }

  antlr4::tree::TerminalNodeImpl* terminal(antlr4::Token* token) {
    if (terminalsUsed_ == terminals_.size()) {
      terminals_.push_back(std::make_unique<antlr4::tree::TerminalNodeImpl>(token));
    }
    antlr4::tree::TerminalNodeImpl* node = terminals_[terminalsUsed_++].get();
    node->symbol = token; // its parent is set when it is added to one
    return node;
  }

  void clear() {
    destroy_contexts();
    block_ = 0;
    used_ = 0;
    terminalsUsed_ = 0;
    // A statement of very many nodes does not keep its memory for the rest of
    // the run (TokenBuffer does the same with its tokens).
    if (blocks_.size() > kKeptBlocks) {
      blocks_.resize(kKeptBlocks);
    }
    if (terminals_.size() > kKeptTerminals) {
      terminals_.resize(kKeptTerminals);
    }
    if (contexts_.capacity() > kKeptContexts) {
      std::vector<antlr4::tree::ParseTree*>().swap(contexts_);
    }
  }

private:
  static constexpr size_t kBlockBytes = size_t{64} << 10;
  static constexpr size_t kKeptBlocks = 16;
  static constexpr size_t kKeptTerminals = size_t{1} << 16;
  static constexpr size_t kKeptContexts = size_t{1} << 16;
  // A context starts with room for four children (grown one push at a time,
  // its vector would reallocate at the second, third and fifth). Vectors of at
  // most kKeptChildren, and at most kKeptSpare of them, are kept for reuse.
  static constexpr size_t kFirstChildren = 4;
  static constexpr size_t kKeptChildren = 64;
  static constexpr size_t kKeptSpare = size_t{1} << 14;
  struct Block {
    alignas(std::max_align_t) unsigned char bytes[kBlockBytes];
  };

  void destroy_contexts() {
    for (antlr4::tree::ParseTree* node : contexts_) {
      std::vector<antlr4::tree::ParseTree*>& children = node->children;
      if (children.capacity() - 1 < kKeptChildren && spareUsed_ < kKeptSpare) {
        if (spareUsed_ == spareChildren_.size()) {
          spareChildren_.emplace_back();
        }
        children.clear();
        children.swap(spareChildren_[spareUsed_++]); // `children` is left without a buffer
      }
      node->~ParseTree(); // virtual: the context's own class
    }
    contexts_.clear();
  }

  std::vector<std::unique_ptr<Block>> blocks_;
  size_t block_ = 0; // the block being filled, when blocks_ is not empty
  size_t used_ = 0;  // bytes used in it
  std::vector<antlr4::tree::ParseTree*> contexts_;
  std::vector<std::unique_ptr<antlr4::tree::TerminalNodeImpl>> terminals_;
  size_t terminalsUsed_ = 0;
  // [0, spareUsed_): empty vectors with capacity; the rest: without a buffer.
  std::vector<std::vector<antlr4::tree::ParseTree*>> spareChildren_;
  size_t spareUsed_ = 0;
};
Nodes nodes_;
}

statement
@init { soupOff_ = false; }
  : sqlStatement? SEMI* EOF;

sqlStatement
  : createTable
  | alterTable
  | dropTable
  | renameTable
  | truncateTable
  | createIndex
  | dropIndex
  | createView
  | alterView
  | dropView
  | createTrigger
  | createRoutine
  | createEvent
  | dropRoutine
  | createDatabase
  | dropDatabase
  | insertStatement
  | updateStatement
  | deleteStatement
  | setStatement
  | transactionStatement
  | useStatement
  | lockTables
  | unlockTables
  | prepareStatement
  | executeStatement
  | deallocateStatement
  | otherStatement
  ;

// ---- CREATE TABLE ----

createTable
  : CREATE (OR REPLACE)? TEMPORARY? TABLE ifNotExists? tableName
    ( LPAREN tableElement (COMMA tableElement)* RPAREN tableOptions? partitionDefinition? createTableSelect?
    | LIKE tableName
    | LPAREN LIKE tableName RPAREN
    | tableOptions? partitionDefinition? createTableSelect
    )
  ;

// A bracketed query (`AS (SELECT 1) UNION (SELECT 2)`) is one balanced group that
// starts like a query, so neither an unclosed nor a broken column list passes for one.
createTableSelect
  : (IGNORE | REPLACE)? AS? (SELECT | WITH | TABLE | VALUES) restOfStatement
  | (IGNORE | REPLACE)? AS? queryInParens restOfStatement
  ;
queryInParens
  : LPAREN (SELECT | WITH | TABLE | VALUES | queryInParens) (parenthesized | ~(LPAREN | RPAREN | UNEXPECTED))* RPAREN
  ;

tableElement
  : columnDefinition
  | tableConstraint
  ;

columnDefinition: columnName dataType columnAttribute*;

dataType
  : (ENUM | SET) LPAREN textLiteral (COMMA textLiteral)* RPAREN typeSuffix*   # enumType
  | typeName (LPAREN typeArgument (COMMA typeArgument)* RPAREN)? typeSuffix*  # plainType
  ;

typeName
  : NATIONAL? (CHAR | CHARACTER) VARYING?
  | NATIONAL ID
  | LONG ID?
  | ID PRECISION?
  | BINARY
  | SERIAL
  | ID VARYING
  | nonReserved
  ;

typeArgument: DECIMAL_LITERAL | ID;

typeSuffix
  : UNSIGNED
  | ID // SIGNED, ZEROFILL in MariaDB's spelling, BYTE, ASCII, UNICODE
  | ZEROFILL
  | BINARY
  | charsetClause
  | COLLATE collationName
  ;

charsetClause: (CHARACTER SET | CHARSET | CHAR SET) charsetName;
charsetName: identifier | textLiteral | BINARY | DEFAULT;
collationName: identifier | textLiteral | BINARY | DEFAULT;

columnAttribute
  : NOT? NULL_                                                    # nullAttribute
  | DEFAULT defaultValue                                          # defaultAttribute
  | ON UPDATE timeFunction                                        # onUpdateAttribute
  | AUTO_INCREMENT                                                # autoIncrementAttribute
  | PRIMARY? KEY                                                  # primaryKeyAttribute
  | UNIQUE KEY?                                                   # uniqueAttribute
  | COMMENT textLiteral                                           # commentAttribute
  | COLLATE collationName                                         # collateAttribute
  | charsetClause                                                 # charsetAttribute
  | (GENERATED ALWAYS)? AS parenthesized (VIRTUAL | STORED | PERSISTENT)? # generatedAttribute
  | (CONSTRAINT identifier?)? CHECK parenthesized (NOT? ENFORCED)? # checkAttribute
  | referenceDefinition                                           # referencesAttribute
  | COLUMN_FORMAT (FIXED | DYNAMIC | DEFAULT | COMPRESSED)        # otherAttribute
  | STORAGE (DISK | MEMORY | DEFAULT)                             # otherAttribute
  | (VISIBLE | INVISIBLE)                                         # otherAttribute
  | SERIAL DEFAULT VALUE                                          # serialDefaultAttribute
  | SRID DECIMAL_LITERAL                                          # otherAttribute
  | (WITH | WITHOUT) SYSTEM VERSIONING                            # otherAttribute
  | COMPRESSED (EQ identifier)?                                   # otherAttribute
  ;

defaultValue
  : signedLiteral
  | parenthesized
  | timeFunction
  | identifier LPAREN (parenthesized | ~(LPAREN | RPAREN | UNEXPECTED))* RPAREN
  | NEXT VALUE FOR tableName
  ;

timeFunction
  : (CURRENT_TIMESTAMP | LOCALTIME | LOCALTIMESTAMP | NOW | CURRENT_DATE | CURRENT_TIME | UTC_TIMESTAMP)
    (LPAREN DECIMAL_LITERAL? RPAREN)?
  ;

tableConstraint
  : constraintName? PRIMARY KEY indexType? keyList indexOption*                         # primaryKeyConstraint
  | constraintName? UNIQUE (INDEX | KEY)? ifNotExists? identifier? indexType? keyList indexOption* # uniqueConstraint
  | (INDEX | KEY) ifNotExists? identifier? indexType? keyList indexOption*              # indexConstraint
  | (FULLTEXT | SPATIAL) (INDEX | KEY)? ifNotExists? identifier? keyList indexOption*  # indexConstraint
  | constraintName? FOREIGN KEY ifNotExists? identifier? keyList referenceDefinition  # foreignKeyConstraint
  | constraintName? CHECK parenthesized (NOT? ENFORCED)?                                # checkConstraint
  ;

constraintName: CONSTRAINT identifier?;

keyList: LPAREN keyPart (COMMA keyPart)* RPAREN;
keyPart: (columnName (LPAREN DECIMAL_LITERAL RPAREN)? | parenthesized) (ASC | DESC)?;

indexType: USING (BTREE | HASH | RTREE);

indexOption
  : ID EQ? literal // KEY_BLOCK_SIZE
  | indexType
  | WITH PARSER identifier
  | COMMENT textLiteral
  | VISIBLE
  | INVISIBLE
  | NOT? IGNORED
  ;

referenceDefinition
  : REFERENCES tableName keyList? (MATCH (FULL | PARTIAL | SIMPLE))? referenceAction*
  ;

referenceAction: ON (DELETE | UPDATE) referenceOption;
referenceOption: RESTRICT | CASCADE | SET NULL_ | SET DEFAULT | NO ACTION;

tableOptions: tableOption (COMMA? tableOption)*;

tableOption
  : ENGINE EQ? (identifier | textLiteral)                         # engineOption
  | AUTO_INCREMENT EQ? DECIMAL_LITERAL                            # autoIncrementOption
  | DEFAULT? (CHARACTER SET | CHARSET | CHAR SET) EQ? charsetName # charsetOption
  | DEFAULT? COLLATE EQ? collationName                            # collateOption
  | COMMENT EQ? textLiteral                                       # commentOption
  | ROW_FORMAT EQ? (identifier | DEFAULT)                         # rowFormatOption
  | (DATA | INDEX) DIRECTORY EQ? textLiteral                      # otherOption
  | UNION EQ? LPAREN tableName (COMMA tableName)* RPAREN          # otherOption
  | TABLESPACE identifier (STORAGE (DISK | MEMORY))?              # otherOption
  | CHECKSUM EQ? DECIMAL_LITERAL                                  # otherOption
  | ID EQ? (literal | identifier | DEFAULT)                       # otherOption
  | (WITH | WITHOUT) SYSTEM VERSIONING                            # otherOption
  ;

partitionDefinition: PARTITION BY restOfStatement;

// ---- ALTER TABLE ----

alterTable
  : ALTER ONLINE? IGNORE? TABLE ifExists? tableName alterSpecification? (COMMA alterSpecification)*
    partitionDefinition?
  ;

alterSpecification
  : ADD COLUMN? ifNotExists? columnDefinition columnPosition?                        # addColumn
  | ADD COLUMN? ifNotExists? LPAREN columnDefinition (COMMA columnDefinition)* RPAREN # addColumns
  | ADD tableConstraint                                                              # addConstraint
  | DROP COLUMN? ifExists? columnName (RESTRICT | CASCADE)?                          # dropColumn
  | DROP (INDEX | KEY) ifExists? identifier                                          # dropIndexSpec
  | DROP PRIMARY KEY                                                                 # dropPrimaryKey
  | DROP FOREIGN KEY ifExists? identifier                                            # dropForeignKey
  | DROP (CHECK | CONSTRAINT) ifExists? identifier                                   # dropConstraint
  | MODIFY COLUMN? ifExists? columnDefinition columnPosition?                         # modifyColumn
  | CHANGE COLUMN? ifExists? columnName columnDefinition columnPosition?              # changeColumn
  | RENAME COLUMN columnName TO columnName                                           # renameColumn
  | RENAME (INDEX | KEY) identifier TO identifier                                    # renameIndex
  | RENAME (TO | AS)? tableName                                                      # renameTo
  | ALTER COLUMN? columnName SET DEFAULT defaultValue                                # setDefault
  | ALTER COLUMN? columnName DROP DEFAULT                                            # dropDefault
  | ALTER COLUMN? columnName SET (VISIBLE | INVISIBLE)                               # alterOther
  | ALTER (INDEX | KEY) identifier (VISIBLE | INVISIBLE | NOT? IGNORED)              # alterOther
  | ALTER (CHECK | CONSTRAINT) identifier NOT? ENFORCED                              # alterOther
  | CONVERT TO (CHARACTER SET | CHARSET | CHAR SET) charsetName (COLLATE collationName)? # convertTo
  | FORCE                                                                            # force
  | ALGORITHM EQ? (identifier | DEFAULT)                                             # algorithmClause
  | LOCK EQ? (identifier | DEFAULT)                                                  # lockClause
  | (ENABLE | DISABLE) KEYS                                                          # alterOther
  | (DISCARD | IMPORT) TABLESPACE                                                    # rebuildTable
  | ORDER BY columnName (ASC | DESC)? (COMMA columnName (ASC | DESC)?)*              # rebuildTable
  | (WITH | WITHOUT) VALIDATION                                                      # alterOther
  | tableOption+                                                                     # tableOptionSpec
  | partitionOperation                                                               # partitionSpec
  ;

partitionOperation
  : (ADD | DROP | TRUNCATE | COALESCE | REORGANIZE | EXCHANGE | ANALYZE | CHECK | OPTIMIZE | REBUILD
    | REPAIR | DISCARD | IMPORT) PARTITION restOfStatement
  | REMOVE PARTITIONING
  ;

columnPosition: FIRST | AFTER columnName;

// ---- DROP / RENAME / TRUNCATE TABLE ----

dropTable
  : DROP TEMPORARY? (TABLE | TABLES) ifExists? tableName (COMMA tableName)* (RESTRICT | CASCADE)?
  ;

renameTable: RENAME (TABLE | TABLES) renamePair (COMMA renamePair)*;
renamePair: tableName TO tableName;

truncateTable: TRUNCATE TABLE? tableName;

// ---- Indexes ----

createIndex
  : CREATE (OR REPLACE)? (ONLINE | OFFLINE)? (UNIQUE | FULLTEXT | SPATIAL)? INDEX ifNotExists? identifier
    indexType? ON tableName keyList (indexOption | onlineClause)*
  ;

dropIndex: DROP (ONLINE | OFFLINE)? INDEX ifExists? identifier ON tableName onlineClause*;

onlineClause
  : ALGORITHM EQ? (identifier | DEFAULT) # indexAlgorithm
  | LOCK EQ? (identifier | DEFAULT)      # indexLock
  ;

// ---- Views ----

createView: CREATE (OR REPLACE)? viewAttribute* VIEW ifNotExists? tableName columnList? AS restOfStatement;
alterView: ALTER viewAttribute* VIEW tableName columnList? AS restOfStatement;
dropView: DROP VIEW ifExists? tableName (COMMA tableName)* (RESTRICT | CASCADE)?;

viewAttribute
  : ALGORITHM EQ (identifier | DEFAULT)
  | definer
  | SQL SECURITY (DEFINER | INVOKER)
  ;

columnList: LPAREN columnName (COMMA columnName)* RPAREN;

definer: DEFINER EQ userName;
userName: (identifier | textLiteral) USER_VAR? | CURRENT_USER (LPAREN RPAREN)?;

// ---- Triggers, routines, events ----

createTrigger
  : CREATE (OR REPLACE)? definer? TRIGGER ifNotExists? tableName (BEFORE | AFTER)
    (INSERT | UPDATE | DELETE) ON tableName FOR EACH ROW ((FOLLOWS | PRECEDES) identifier)? opaqueBody
  ;

createRoutine
  : CREATE (OR REPLACE)? definer? AGGREGATE? (PROCEDURE | FUNCTION) ifNotExists? tableName opaqueBody
  ;

createEvent: CREATE (OR REPLACE)? definer? EVENT ifNotExists? tableName ON opaqueBody;

dropRoutine: DROP (TRIGGER | PROCEDURE | FUNCTION | EVENT) ifExists? tableName;

// The body, kept as an opaque token run: it ends the statement.
opaqueBody: ~UNEXPECTED {skipSoup(Soup::Body);} (~UNEXPECTED)*;

// ---- Databases ----

createDatabase: CREATE (OR REPLACE)? (DATABASE | SCHEMA) ifNotExists? identifier databaseOption*;
databaseOption
  : DEFAULT? (CHARACTER SET | CHARSET | CHAR SET) EQ? charsetName
  | DEFAULT? COLLATE EQ? collationName
  | COMMENT EQ? textLiteral
  ;
dropDatabase: DROP (DATABASE | SCHEMA) ifExists? identifier;

// ---- Data ----

insertStatement
  : (INSERT | REPLACE) (LOW_PRIORITY | DELAYED | HIGH_PRIORITY | IGNORE)* INTO? tableName restOfStatement
  ;

updateStatement: UPDATE LOW_PRIORITY? IGNORE? tableName (~(SET | UNEXPECTED))* SET restOfStatement;

deleteStatement
  : DELETE deleteFlag* FROM deleteTarget (COMMA deleteTarget)* USING restOfStatement # deleteUsing
  | DELETE deleteFlag* deleteTarget (COMMA deleteTarget)* FROM restOfStatement       # deleteMulti
  | DELETE deleteFlag* FROM tableName restOfStatement                                # deleteSingle
  ;
deleteFlag: LOW_PRIORITY | QUICK | IGNORE;
deleteTarget: tableName (DOT STAR)?;

// ---- Session ----

setStatement
  : SET setAssignment (COMMA setAssignment)*
  | SET (GLOBAL | SESSION | LOCAL)? TRANSACTION restOfStatement
  | SET (PASSWORD | ROLE | DEFAULT ROLE | STATEMENT) restOfStatement
  ;

setAssignment
  : (GLOBAL | SESSION | LOCAL | PERSIST | PERSIST_ONLY)? variableName (EQ | ASSIGN) setValue
  | NAMES (charsetName | DEFAULT) (COLLATE collationName)?
  | (CHARACTER SET | CHARSET) (charsetName | DEFAULT)
  ;

variableName: identifier (DOT identifier)? | USER_VAR | SYSTEM_VAR;
setValue
  : (parenthesized | ~(COMMA | LPAREN | RPAREN | UNEXPECTED)) {skipSoup(Soup::SetValue);}
    (parenthesized | ~(COMMA | LPAREN | RPAREN | UNEXPECTED))*
  ;

transactionStatement
  : START TRANSACTION restOfStatement # beginTransaction
  | BEGIN WORK?                       # beginTransaction
  | COMMIT WORK? restOfStatement      # commitTransaction
  | ROLLBACK WORK? TO SAVEPOINT? identifier # rollbackToSavepoint
  | ROLLBACK WORK? restOfStatement    # rollbackTransaction
  | SAVEPOINT identifier              # savepoint
  | RELEASE SAVEPOINT identifier      # releaseSavepoint
  ;

useStatement: USE identifier;

lockTables: LOCK (TABLES | TABLE) lockItem (COMMA lockItem)*;
lockItem: tableName (AS? identifier)? (READ LOCAL? | LOW_PRIORITY? WRITE (CONCURRENT)?);
unlockTables: UNLOCK (TABLES | TABLE);

prepareStatement: PREPARE identifier FROM (textLiteral | USER_VAR);
executeStatement: EXECUTE identifier (USING USER_VAR (COMMA USER_VAR)*)?;
deallocateStatement: (DEALLOCATE | DROP) PREPARE identifier;

// ---- Everything else: accepted by its leading keywords. ----

otherStatement
  : (SELECT | WITH | LPAREN | VALUES | TABLE | SHOW | GRANT | REVOKE | FLUSH | ANALYZE | OPTIMIZE | CHECK
    | CHECKSUM | REPAIR | CALL | DO | EXPLAIN | DESCRIBE | DESC | HANDLER | LOAD | KILL | INSTALL
    | UNINSTALL | RESET | PURGE | STOP | XA | SIGNAL | RESIGNAL | GET | CACHE | HELP | SHUTDOWN | BINLOG
    | IF | DECLARE | REPEAT | WHILE | LOOP | CHECKPOINT)
    restOfStatement
  | BEGIN NOT ATOMIC restOfStatement
  | START (SLAVE | ID) restOfStatement
  | CHANGE ID restOfStatement // CHANGE MASTER / REPLICATION
  | (CREATE | ALTER | DROP) (OR REPLACE)? (USER | ROLE | SERVER | SEQUENCE | TABLESPACE | LOGFILE
    | INSTANCE | RESOURCE | PACKAGE | ID) restOfStatement
  | ALTER (DATABASE | SCHEMA | EVENT | PROCEDURE | FUNCTION) restOfStatement
  | RENAME USER restOfStatement
  ;

// ---- Shared pieces ----

restOfStatement: {skipSoup(Soup::Balanced);} (parenthesized | ~(LPAREN | RPAREN | UNEXPECTED))*;
parenthesized
  : LPAREN {skipSoup(Soup::Balanced);} (parenthesized | ~(LPAREN | RPAREN | UNEXPECTED))* RPAREN
  ;

ifExists: IF EXISTS;
ifNotExists: IF NOT EXISTS;

tableName: identifier (DOT identifier)?;
columnName: identifier (DOT identifier)*;

identifier: ID | BACKTICK_ID | nonReserved;

textLiteral: CHARSET_INTRODUCER? (SQ_STRING | DQ_STRING) (SQ_STRING | DQ_STRING)* | NATIONAL_STRING;

literal
  : textLiteral
  | DECIMAL_LITERAL
  | REAL_LITERAL
  | HEX_LITERAL
  | BIT_LITERAL
  | CHARSET_INTRODUCER (HEX_LITERAL | BIT_LITERAL)
  | TRUE
  | FALSE
  | NULL_
  | (ID | DATE | TIME | TIMESTAMP) textLiteral // DATE '2020-01-01'
  ;

signedLiteral: (PLUS | MINUS)? literal;

nonReserved
  : ACTION | AFTER | AGGREGATE | ALGORITHM | ALWAYS | ASCII | ATOMIC | AUTO_INCREMENT
  | BEGIN | BINLOG | BTREE | CACHE | CASCADED | CHAIN | CHARSET | CHECKPOINT
  | CHECKSUM | COALESCE | COLUMNS | COLUMN_FORMAT | COMMENT | COMMIT | COMPRESSED | CONCURRENT
  | CONSISTENT | COPY | DATA | DATE | DEALLOCATE | DEFINER | DIRECTORY | DISABLE
  | DISCARD | DISK | DO | DYNAMIC | ENABLE | END | ENFORCED | ENGINE
  | ENUM | EVENT | EXCHANGE | EXCLUSIVE | EXECUTE | FIRST | FIXED | FLUSH
  | FOLLOWS | FORCE | FULL | FUNCTION | GLOBAL | HANDLER | HASH | HELP
  | IGNORED | IMPORT | INPLACE | INSTALL | INSTANCE | INSTANT | INVISIBLE | INVOKER
  | ISOLATION | LEVEL | LOCAL | LOGFILE | LONG | MEMORY | MERGE | MODIFY
  | NAMES | NATIONAL | NEXT | NO | NOCOPY | NONE | NOW | OFFLINE
  | ONLINE | ONLY | PACKAGE | PARSER | PARTIAL | PARTITIONING | PASSWORD | PERSIST
  | PERSISTENT | PERSIST_ONLY | PRECEDES | PREPARE | QUICK | REBUILD | REMOVE | REORGANIZE
  | REPAIR | RESET | RESOURCE | RETURNS | ROLE | ROLLBACK | ROW | ROW_FORMAT
  | RTREE | SAVEPOINT | SCHEDULE | SECURITY | SEQUENCE | SERIAL | SERVER | SESSION
  | SHARED | SHUTDOWN | SIMPLE | SLAVE | SNAPSHOT | SONAME | SQL | SRID
  | START | STATEMENT | STOP | STORAGE | SUBPARTITION | SYSTEM | TABLES | TABLESPACE
  | TEMPORARY | TEMPTABLE | TIME | TIMESTAMP | TRANSACTION | TRUNCATE | UNDEFINED | UNINSTALL
  | USER | VALIDATION | VALUE | VARYING | VERSIONING | VIEW | VISIBLE | WITHOUT
  | WORK | XA
  ;
