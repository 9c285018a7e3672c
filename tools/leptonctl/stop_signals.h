#ifndef LEPTONKIT_TOOLS_LEPTONCTL_STOP_SIGNALS_H_
#define LEPTONKIT_TOOLS_LEPTONCTL_STOP_SIGNALS_H_

#include <condition_variable>
#include <mutex>
#include <thread>

namespace lepton::ctl {

/// SIGINT and SIGTERM for `--serve-ui`, which keeps the embedded fake serving after the command
/// until one of them. Construct it before any other thread starts (before the fake): it blocks
/// both signals in this thread, so in every thread started later, and receives them on a thread
/// of its own. Until Wait() is called a signal ends the program at once with 128 + the signal,
/// as the default action would (Ctrl-C still stops a long `wait`); once Wait() waits, the
/// signal only ends the wait.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(StopSignals const&) = delete;
  StopSignals& operator=(StopSignals const&) = delete;

  /// Blocks until SIGINT or SIGTERM; the signal's number.
  int Wait();

 private:
  std::mutex mu_;
  std::condition_variable received_cv_;
  bool waiting_ = false;
  int received_ = 0;
  std::thread thread_;
};

}  // namespace lepton::ctl

#endif  // LEPTONKIT_TOOLS_LEPTONCTL_STOP_SIGNALS_H_
