// ANTLR's adaptive prediction, answered from its DFA cache without the
// runtime's per-call overhead.
//
// Every decision of the generated parser that one token of lookahead does not
// settle calls ParserATNSimulator::adaptivePredict. In the 4.9 C++ runtime each
// call marks and seeks the token stream, builds a std::function for its exit
// action (five calls of its manager), and then walks the decision's DFA taking
// and releasing the shared edge lock (two mutex round trips) for every edge:
// about 1,000 instructions per call on our statements, where the walk itself,
// with the DFA warm (it is shared by all parsers and never cleared), is a few
// hash lookups. That was 14 % of a MySQL lint's instructions.
//
// CachedPrediction walks the same DFA the same way (the runtime's execATN
// loop), peeking with LA(i) instead of consuming and seeking and reading each
// edge from the runtime's map (under its lock) only the first time this parser
// needs it, and answers whenever that walk ends in an accept state it can
// trust: no missing edge (the runtime would compute and add it), no error edge
// (the runtime reports the error), no state that needs full context in LL
// mode, no semantic predicates. In every other case it hands the call to the
// runtime's adaptivePredict, which starts from scratch, so the answer is
// always the runtime's. cmake/AntlrFastChildren.cmake makes the generated
// parser create this simulator and call it without a dynamic_cast.
//
// Included by the generated parser source.
#pragma once

#include <antlr4-runtime.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rollsafe::mysql::antlr_prediction {

class CachedPrediction final : public antlr4::atn::ParserATNSimulator {
public:
  using ParserATNSimulator::ParserATNSimulator;

  size_t adaptivePredict(antlr4::TokenStream* input, size_t decision,
                         antlr4::ParserRuleContext* outerContext) override {
    const size_t alt = from_dfa(input, decision);
    if (alt != antlr4::atn::ATN::INVALID_ALT_NUMBER) {
      return alt;
    }
    return ParserATNSimulator::adaptivePredict(input, decision, outerContext);
  }

private:
  // The runtime's read lock on the DFA edges (shared by all simulators, so
  // parsers on other threads may be adding edges meanwhile).
  class EdgeReadLock {
  public:
    EdgeReadLock() { _edgeLock.readLock(); }
    EdgeReadLock(const EdgeReadLock&) = delete;
    EdgeReadLock(EdgeReadLock&&) = delete;
    EdgeReadLock& operator=(const EdgeReadLock&) = delete;
    EdgeReadLock& operator=(EdgeReadLock&&) = delete;
    ~EdgeReadLock() { _edgeLock.readUnlock(); }
  };

  // The alternative the cached DFA predicts for the input ahead, or
  // INVALID_ALT_NUMBER when the runtime has to decide (see the top).
  size_t from_dfa(antlr4::TokenStream* input, size_t decision) {
    antlr4::dfa::DFA& dfa = decisionToDFA[decision];
    const antlr4::dfa::DFAState* state = dfa.s0;
    if (state == nullptr || dfa.isPrecedenceDfa()) {
      return antlr4::atn::ATN::INVALID_ALT_NUMBER;
    }
    const bool sll = getPredictionMode() == antlr4::atn::PredictionMode::SLL;
    const antlr4::dfa::DFAState* error = ERROR.get();
    ssize_t ahead = 1;
    size_t symbol = input->LA(ahead);
    for (;;) {
      const antlr4::dfa::DFAState* next = edge(state, symbol);
      if (next == nullptr || next == error || (next->requiresFullContext && !sll)) {
        return antlr4::atn::ATN::INVALID_ALT_NUMBER;
      }
      if (next->isAcceptState) {
        return next->predicates.empty() ? next->prediction : antlr4::atn::ATN::INVALID_ALT_NUMBER;
      }
      state = next;
      // As execATN: EOF is read again, not consumed.
      if (symbol != antlr4::Token::EOF) {
        symbol = input->LA(++ahead);
      }
    }
  }

  // The DFA's edge from `from` on `symbol`, or null. An edge, once in the DFA,
  // never changes, and neither does the state it leads to, so each edge is
  // read from the runtime's map once, under its lock, and then from this
  // simulator's own table (one parser, one thread), without a lock: the lock
  // was two mutex round trips, half of the cost of a prediction.
  const antlr4::dfa::DFAState* edge(const antlr4::dfa::DFAState* from, size_t symbol) {
    // The state's address with the symbol + 1 (EOF is -1) in its unused top
    // 16 bits: user-space addresses on x86-64 and AArch64 fit in 48 bits.
    const auto shifted = static_cast<uintptr_t>(symbol + 1);
    const auto address = reinterpret_cast<uintptr_t>(from);
    const bool packable = shifted < (uintptr_t{1} << 16) && (address >> 48) == 0;
    const uintptr_t key = address | (shifted << 48);
    if (packable) {
      for (size_t slot = hash(key);; slot = (slot + 1) & mask_) {
        if (known_[slot].key == key) {
          return known_[slot].to;
        }
        if (known_[slot].key == 0) {
          break;
        }
      }
    }
    const antlr4::dfa::DFAState* to = nullptr;
    {
      const EdgeReadLock lock;
      const auto found = from->edges.find(symbol);
      to = found == from->edges.end() ? nullptr : found->second;
    }
    if (packable && to != nullptr) {
      remember(key, to);
    }
    return to;
  }

  struct Known {
    uintptr_t key = 0; // 0: an empty slot
    const antlr4::dfa::DFAState* to = nullptr;
  };

  [[nodiscard]] size_t hash(uintptr_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & mask_;
  }

  void remember(uintptr_t key, const antlr4::dfa::DFAState* to) {
    if (2 * (count_ + 1) > known_.size()) { // at most half full
      std::vector<Known> old(known_.size() * 2);
      old.swap(known_);
      mask_ = known_.size() - 1;
      count_ = 0;
      for (const Known& k : old) {
        if (k.key != 0) {
          remember(k.key, k.to);
        }
      }
    }
    size_t slot = hash(key);
    while (known_[slot].key != 0) {
      slot = (slot + 1) & mask_;
    }
    known_[slot] = {key, to};
    ++count_;
  }

  std::vector<Known> known_ = std::vector<Known>(256);
  size_t mask_ = 255;
  size_t count_ = 0;
};

} // namespace rollsafe::mysql::antlr_prediction
