import CLibPQ
import Foundation

extension PostgresConnection {
    /// Reads the float8 columns of `query` with binary `COPY (query) TO STDOUT`: the fast way
    /// to pull training data. Returns one array per column (column-major); NULL is nil, and
    /// NaN and ±Infinity are kept bit for bit.
    ///
    /// `query` is SQL written by the caller (COPY cannot take parameters): never build it from
    /// user input except through identifiers quoted by the server (`format('%I')`).
    /// The query's result columns are checked before copying: exactly `columns` of them, all
    /// `float8`, or a `.decode` error says which one to cast.
    public func copyOutFloat8(_ query: String, columns: Int) throws -> [[Double?]] {
        let handle = try liveHandle()
        let body = query.trimmingCharacters(in: .whitespacesAndNewlines)
            .trimmingCharacters(in: CharacterSet(charactersIn: ";"))
        try checkFloat8Columns(body, expected: columns)

        guard let start = PQexec(handle, "COPY (\(body)) TO STDOUT (FORMAT binary)") else {
            throw connectionFailure()
        }
        let status = PQresultStatus(start)
        if status != PGRES_COPY_OUT {
            defer { PQclear(start) }
            throw error(from: start, boundSecrets: [])
        }
        PQclear(start)

        var reader = BinaryCopyReader(columns: columns)
        var decodeError: PostgresError?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &buffer, 0)
            if length == -1 { break }  // COPY finished; the final status follows
            if length == -2 {
                if let buffer { PQfreemem(buffer) }
                throw connectionFailure()
            }
            guard let buffer else { continue }
            defer { PQfreemem(buffer) }
            // After a decode error keep draining, so the session stays usable.
            if decodeError == nil {
                do {
                    try reader.consume(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
                } catch let failure as PostgresError {
                    decodeError = failure
                }
            }
        }
        var finalError: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, finalError == nil {
                finalError = error(from: result, boundSecrets: [])
            }
            PQclear(result)
        }
        if let finalError { throw finalError }
        if let decodeError { throw decodeError }
        if !reader.sawTrailer {
            throw PostgresError(kind: .protocol, message: "binary COPY ended without its trailer")
        }
        return reader.values
    }

    /// Describes the query without running it, and checks its column count and types.
    private func checkFloat8Columns(_ query: String, expected: Int) throws {
        let handle = try liveHandle()
        // The unnamed statement: replaced by the next unnamed prepare, nothing to clean up.
        _ = try consume(PQprepare(handle, "", query, 0, nil), boundSecrets: [])
        guard let description = PQdescribePrepared(handle, "") else { throw connectionFailure() }
        defer { PQclear(description) }
        guard PQresultStatus(description) == PGRES_COMMAND_OK else {
            throw error(from: description, boundSecrets: [])
        }
        let count = Int(PQnfields(description))
        guard count == expected else {
            throw PostgresError(kind: .decode, message: "the COPY query returns \(count) columns, expected \(expected)")
        }
        for field in 0..<count where UInt32(PQftype(description, Int32(field))) != PostgresType.float8 {
            let name = String(cString: PQfname(description, Int32(field)))
            throw PostgresError(kind: .decode,
                                message: "column \"\(name)\" of the COPY query is not float8",
                                hint: "cast it in the query: \(name)::float8")
        }
    }
}

/// Decodes PostgreSQL's binary COPY stream, one CopyData message at a time.
///
/// libpq hands over one message per row; the 19-byte file header arrives inside the first
/// row's message and the `-1` trailer is a message of its own. float8 values are big-endian
/// IEEE 754; a field length of -1 is NULL.
struct BinaryCopyReader {
    let columns: Int
    private(set) var values: [[Double?]]
    private(set) var sawTrailer = false
    private var sawHeader = false

    static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]

    init(columns: Int) {
        self.columns = columns
        self.values = Array(repeating: [], count: columns)
    }

    mutating func consume(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        func need(_ count: Int) throws {
            guard offset + count <= bytes.count else {
                throw PostgresError(kind: .decode, message: "binary COPY message truncated")
            }
        }
        func readInt16() throws -> Int16 {
            try need(2)
            defer { offset += 2 }
            return Int16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self))
        }
        func readInt32() throws -> Int32 {
            try need(4)
            defer { offset += 4 }
            return Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
        }
        if !sawHeader {
            try need(Self.signature.count + 8)
            guard Self.signature.elementsEqual(bytes[0..<Self.signature.count]) else {
                throw PostgresError(kind: .decode, message: "binary COPY signature missing")
            }
            offset = Self.signature.count
            let flags = try readInt32()
            // Bit 16 means OIDs are included, which COPY (query) never does.
            guard flags & (1 << 16) == 0 else {
                throw PostgresError(kind: .decode, message: "binary COPY with OIDs is not supported")
            }
            let extensionLength = Int(try readInt32())
            try need(extensionLength)
            offset += extensionLength
            sawHeader = true
        }
        while offset < bytes.count {
            guard !sawTrailer else {
                throw PostgresError(kind: .decode, message: "binary COPY data after the trailer")
            }
            let fieldCount = Int(try readInt16())
            if fieldCount == -1 { sawTrailer = true; continue }
            guard fieldCount == columns else {
                throw PostgresError(kind: .decode, message: "binary COPY row has \(fieldCount) fields, expected \(columns)")
            }
            for column in 0..<columns {
                let length = try readInt32()
                if length == -1 {
                    values[column].append(nil)
                    continue
                }
                guard length == 8 else {
                    throw PostgresError(kind: .decode, message: "binary COPY field of \(length) bytes where float8 has 8")
                }
                try need(8)
                let bits = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
                values[column].append(Double(bitPattern: bits))
            }
        }
    }
}
