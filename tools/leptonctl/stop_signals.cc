#include "leptonctl/stop_signals.h"

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace lepton::ctl {
namespace {

sigset_t StopSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

StopSignals::StopSignals() {
  sigset_t const set = StopSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this, set] {
    int number = 0;
    sigwait(&set, &number);
    std::unique_lock lock(mu_);
    if (!waiting_) {
      // The command is still running: stop now, as the default action of the signal would.
      std::fflush(nullptr);
      std::_Exit(128 + number);
    }
    received_ = number;
    received_cv_.notify_all();
  });
}

StopSignals::~StopSignals() {
  // The thread ends only on a signal; a StopSignals that was never waited on lets it go with
  // the process (the program is ending).
  if (thread_.joinable()) {
    if (received_ != 0) {
      thread_.join();
    } else {
      thread_.detach();
    }
  }
}

int StopSignals::Wait() {
  std::unique_lock lock(mu_);
  waiting_ = true;
  received_cv_.wait(lock, [this] { return received_ != 0; });
  return received_;
}

}  // namespace lepton::ctl
