import Dispatch
import Foundation
import LivePet

/// The exit status, written once by the task below before it signals.
final class ExitStatus: @unchecked Sendable {
    var value: Int32 = 0
}

// Everything runs in the library, off the main actor. The main thread only waits: a
// top-level `await` would hand it to `dispatchMain`, which ends it with `pthread_exit`,
// and Valgrind cannot run a process whose main thread has exited (docs/BENCHMARKS.md).
let status = ExitStatus()
let finished = DispatchSemaphore(value: 0)
let arguments = Array(CommandLine.arguments.dropFirst())
let environment = ProcessInfo.processInfo.environment
Task.detached {
    status.value = await LivePetMain.run(arguments: arguments, environment: environment)
    finished.signal()
}
finished.wait()
exit(status.value)
