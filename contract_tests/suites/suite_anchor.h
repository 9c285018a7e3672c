#ifndef LEPTONKIT_CONTRACT_TESTS_SUITES_SUITE_ANCHOR_H_
#define LEPTONKIT_CONTRACT_TESTS_SUITES_SUITE_ANCHOR_H_

// Suites live in a static library, whose objects a linker only pulls in when something refers
// to them. Each suite file defines its anchor with LEPTON_CONTRACT_SUITE(name), and
// RunContractSuite refers to every anchor of LEPTON_CONTRACT_SUITES, so linking the runner links
// every suite (and their tests register themselves). A new suite file adds its name here.
#define LEPTON_CONTRACT_SUITES(X) \
  X(job_crud)                     \
  X(list)                         \
  X(lifecycle)                    \
  X(logs)                         \
  X(node_groups)                  \
  X(queueing)                     \
  X(scheduler)                    \
  X(resilience)                   \
  X(storage)

// A function, not a variable: a call to another file's function survives optimisation, where
// an unused read of a variable would not, and the link would silently drop the suite.
#define LEPTON_CONTRACT_SUITE(name) \
  namespace lepton::contract::suites { void name##_anchor() {} }

#endif  // LEPTONKIT_CONTRACT_TESTS_SUITES_SUITE_ANCHOR_H_
