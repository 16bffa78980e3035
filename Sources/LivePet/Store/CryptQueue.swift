import Dispatch
import LivePetSupport
import LivePetWorld

/// Where blocking crypt work runs: off Swift's cooperative pool, at most two hashes at once.
///
/// A yescrypt hash takes tens of milliseconds of CPU and memory bandwidth. On the cooperative
/// pool (two threads on a two-core host) a few concurrent logins would stall every session.
/// Jobs wait in FIFO order on a serial admission queue, which takes one of two slots before
/// handing the job to a concurrent worker queue. Only the admission thread ever blocks, so a
/// burst of logins cannot make Dispatch spawn a thread per waiting job.
enum CryptQueue {
    static let width = 2

    private static let admission = DispatchQueue(label: "livepet.crypt.admission")
    private static let workers = DispatchQueue(label: "livepet.crypt", attributes: .concurrent)
    private static let slots = DispatchSemaphore(value: width)

    /// Runs `work` on the crypt workers and returns its result to the awaiting task.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            admission.async {
                slots.wait()
                workers.async {
                    let result = work()
                    slots.signal()
                    continuation.resume(returning: result)
                }
            }
        }
    }
}
