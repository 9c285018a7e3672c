// The leptonkit contract suite, run from this project's own test binary: the same flags as
// lepton-contract (--backend=inprocess,process,live ...), e.g. to check a workspace before
// trusting the fake with this project's launch logic.

#include <lepton/contract/runner.h>

int main(int argc, char** argv) { return lepton::contract::RunContractSuite(argc, argv); }
