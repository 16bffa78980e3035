import Glibc

/// A failure the bench cannot continue past: bad flags, or a system call that must work.
struct BenchError: Error, CustomStringConvertible {
    let message: String
    let code: Int32

    init(_ message: String, code: Int32 = 0) {
        self.message = message
        self.code = code
    }

    /// A failed system call, with the current `errno`.
    static func system(_ call: String) -> BenchError {
        let code = errno
        return BenchError("\(call) failed: \(String(cString: strerror(code)))", code: code)
    }

    var description: String { message }
}
