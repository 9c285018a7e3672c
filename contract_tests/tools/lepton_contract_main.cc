// lepton-contract: runs the contract suite against the backends named by --backend and prints a
// summary per backend (see lepton/contract/runner.h, or --help).

#include "lepton/contract/runner.h"

int main(int argc, char** argv) { return lepton::contract::RunContractSuite(argc, argv); }
