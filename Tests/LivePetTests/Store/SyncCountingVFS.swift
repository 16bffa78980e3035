import CSQLite
import Glibc
import Synchronization

/// A pass-through SQLite VFS over the default one that counts `xSync` calls on write-ahead
/// logs, by the log's path: what SQLite asks of the disk before a commit returns, seen where
/// SQLite asks for it. `SQLiteStore.open(path:vfs:)` opens a store through it.
///
/// Each file it opens is a header (our methods, then the WAL's name or nil) followed by the
/// default VFS's own file, to which every call is forwarded.
enum SyncCountingVFS {
    static let name = "livepet-sync-counting"

    /// Registers the VFS (once, not as the default) and returns its name.
    static func register() -> String {
        _ = registration
        return name
    }

    /// `xSync` calls so far on the write-ahead log of the database at `databasePath`.
    static func walSyncs(_ databasePath: String) -> Int {
        counts.withLock { counts in
            counts.filter { $0.key.hasSuffix(databasePath + "-wal") }.values.reduce(0, +)
        }
    }

    private static let counts = Mutex<[String: Int]>([:])

    /// Bytes before the default VFS's file: our `sqlite3_file` (its methods) and the WAL name.
    private static let header = 2 * MemoryLayout<UnsafeRawPointer>.stride

    private static func real(_ file: UnsafeMutablePointer<sqlite3_file>?) -> UnsafeMutablePointer<sqlite3_file> {
        (UnsafeMutableRawPointer(file!) + header).assumingMemoryBound(to: sqlite3_file.self)
    }

    private static func realMethods(_ file: UnsafeMutablePointer<sqlite3_file>?) -> sqlite3_io_methods {
        real(file).pointee.pMethods.pointee
    }

    private static func walName(_ file: UnsafeMutablePointer<sqlite3_file>?) -> UnsafeMutablePointer<UnsafePointer<CChar>?> {
        (UnsafeMutableRawPointer(file!) + MemoryLayout<UnsafeRawPointer>.stride).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
    }

    // Registered with SQLite for the life of the process, read only by SQLite after `registration`.
    private nonisolated(unsafe) static let methods: UnsafeMutablePointer<sqlite3_io_methods> = {
        var methods = sqlite3_io_methods()
        methods.iVersion = 3
        methods.xClose = { file in realMethods(file).xClose!(real(file)) }
        methods.xRead = { file, buffer, amount, offset in realMethods(file).xRead!(real(file), buffer, amount, offset) }
        methods.xWrite = { file, buffer, amount, offset in realMethods(file).xWrite!(real(file), buffer, amount, offset) }
        methods.xTruncate = { file, size in realMethods(file).xTruncate!(real(file), size) }
        methods.xSync = { file, flags in
            if let name = walName(file).pointee {
                let path = String(cString: name)
                counts.withLock { $0[path, default: 0] += 1 }
            }
            return realMethods(file).xSync!(real(file), flags)
        }
        methods.xFileSize = { file, size in realMethods(file).xFileSize!(real(file), size) }
        methods.xLock = { file, level in realMethods(file).xLock!(real(file), level) }
        methods.xUnlock = { file, level in realMethods(file).xUnlock!(real(file), level) }
        methods.xCheckReservedLock = { file, out in realMethods(file).xCheckReservedLock!(real(file), out) }
        methods.xFileControl = { file, op, argument in realMethods(file).xFileControl!(real(file), op, argument) }
        methods.xSectorSize = { file in realMethods(file).xSectorSize!(real(file)) }
        methods.xDeviceCharacteristics = { file in realMethods(file).xDeviceCharacteristics!(real(file)) }
        methods.xShmMap = { file, page, size, extend, out in
            let inner = realMethods(file)
            guard inner.iVersion >= 2 else { return SQLITE_IOERR }
            return inner.xShmMap!(real(file), page, size, extend, out)
        }
        methods.xShmLock = { file, offset, count, flags in
            let inner = realMethods(file)
            guard inner.iVersion >= 2 else { return SQLITE_IOERR }
            return inner.xShmLock!(real(file), offset, count, flags)
        }
        methods.xShmBarrier = { file in
            let inner = realMethods(file)
            if inner.iVersion >= 2 { inner.xShmBarrier!(real(file)) }
        }
        methods.xShmUnmap = { file, delete in
            let inner = realMethods(file)
            guard inner.iVersion >= 2 else { return SQLITE_OK }
            return inner.xShmUnmap!(real(file), delete)
        }
        methods.xFetch = { file, offset, amount, out in
            let inner = realMethods(file)
            guard inner.iVersion >= 3 else {
                out?.pointee = nil  // no memory map: SQLite reads instead
                return SQLITE_OK
            }
            return inner.xFetch!(real(file), offset, amount, out)
        }
        methods.xUnfetch = { file, offset, pointer in
            let inner = realMethods(file)
            guard inner.iVersion >= 3 else { return SQLITE_OK }
            return inner.xUnfetch!(real(file), offset, pointer)
        }
        let pointer = UnsafeMutablePointer<sqlite3_io_methods>.allocate(capacity: 1)
        pointer.initialize(to: methods)
        return pointer
    }()

    private nonisolated(unsafe) static let defaultVFS: UnsafeMutablePointer<sqlite3_vfs> = sqlite3_vfs_find(nil)!

    private static let registration: Void = {
        var vfs = defaultVFS.pointee  // the default's methods and data, used as they are
        vfs.szOsFile = Int32(header) + defaultVFS.pointee.szOsFile
        vfs.pNext = nil
        vfs.zName = UnsafePointer(strdup(name))
        vfs.xOpen = { _, fileName, file, flags, outFlags in
            let inner = real(file)
            let result = defaultVFS.pointee.xOpen!(defaultVFS, fileName, inner, flags, outFlags)
            walName(file).pointee = flags & SQLITE_OPEN_WAL != 0 ? fileName : nil
            // SQLite calls xClose when pMethods is set, even after a failed open.
            file!.pointee.pMethods = inner.pointee.pMethods == nil ? nil : UnsafePointer(methods)
            return result
        }
        let pointer = UnsafeMutablePointer<sqlite3_vfs>.allocate(capacity: 1)
        pointer.initialize(to: vfs)
        let result = sqlite3_vfs_register(pointer, 0)
        precondition(result == SQLITE_OK, "sqlite3_vfs_register: \(result)")
    }()
}
