// PlanRendering/JSONBytes: JSON written as Foundation's JSONEncoder writes it with
// keys sorted and slashes unescaped (pretty-printed or not), byte for byte, at a
// fraction of its cost. JSONEncoder builds a tree of boxed values for the whole
// document and then serializes it (about 30 MB/s here: a tenth of a large
// build); this encoder writes each value's bytes as it is encoded, holding only
// the entries of the objects still open, to be put in key order as each closes.
// It covers what the site's documents use (objects, arrays, strings, integers,
// booleans, null); anything else (a floating-point number, a custom encoding
// that asks for a nested container or a super-encoder) makes `encode` throw
// `Unsupported`, and the caller uses JSONEncoder. Tests compare the two on the
// real plan's documents, two fixtures' and values of every shape and character.

import Foundation

enum JSONBytes {
    /// A value this encoder leaves to JSONEncoder.
    struct Unsupported: Error {}

    /// `value` as JSONEncoder writes it with `[.sortedKeys, .withoutEscapingSlashes]`, and `.prettyPrinted` when `pretty`.
    /// `depth`: how deep the value stands in a document it is part of (pretty-printed, its lines after the first are
    /// indented two spaces more for each level, as JSONEncoder writes a member of a member).
    /// `context`: the one to use (a test's, to see it let go); by default a new one.
    static func encode<T: Encodable>(_ value: T, pretty: Bool, depth: Int = 0, in given: Context? = nil) throws -> [UInt8] {
        var out: [UInt8] = []
        let context = given ?? Context(pretty: pretty)
        // The context and its encoders and stores refer to each other: let them go (and their buffers) when done.
        defer { context.close() }
        let encoder = context.encoder(depth: depth)
        try encoder.encode(value)
        if context.unsupported { throw Unsupported() }
        encoder.finish(into: &out)
        return out
    }

    /// `value` as JSONEncoder with `formatting` writes it: by this encoder where it can, else by JSONEncoder.
    static func data<T: Encodable>(_ value: T, formatting: JSONEncoder.OutputFormatting) throws -> Data {
        if formatting.subtracting(.prettyPrinted) == [.sortedKeys, .withoutEscapingSlashes],
           let bytes = try? encode(value, pretty: formatting.contains(.prettyPrinted)) {
            return Data(bytes)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        return try encoder.encode(value)
    }

    // MARK: Writing

    static func indent(_ depth: Int, into out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A string as JSONEncoder writes it: quotes, backslash and control characters escaped (\b \t \n \f \r, else
    /// \u00xx), everything else (slashes, DEL, non-ASCII) as it is.
    static func string(_ text: String, into out: inout [UInt8]) {
        var text = text
        out.append(UInt8(ascii: "\""))
        text.withUTF8 { bytes in
            var run = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) }
                run = i + 1
                switch b {
                case UInt8(ascii: "\""): out += [0x5C, 0x22]
                case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
                case 0x08: out += [0x5C, UInt8(ascii: "b")]
                case 0x09: out += [0x5C, UInt8(ascii: "t")]
                case 0x0A: out += [0x5C, UInt8(ascii: "n")]
                case 0x0C: out += [0x5C, UInt8(ascii: "f")]
                case 0x0D: out += [0x5C, UInt8(ascii: "r")]
                default: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                }
            }
            if run < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether key `a` sorts before `b`: by their UTF-8 bytes.
    static func keyLess(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }

    static func integer<I: BinaryInteger>(_ value: I, into out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    // MARK: Encoding

    /// What every encoder of one document shares: its format, whether it met what this encoder leaves to JSONEncoder,
    /// and, for each depth, one encoder and one store of each kind, used again for each value at that depth. Values
    /// are encoded depth first, and a value's bytes are taken into its parent's as soon as it is encoded, so at any
    /// moment at most one value of each depth is open: nothing is allocated per value once the buffers have grown.
    final class Context {
        let pretty: Bool
        var unsupported = false
        private var encoders: [ValueEncoder] = []
        private var objects: [ObjectStore] = []
        private var arrays: [ArrayStore] = []
        /// Contexts of encoders handed to what this encoder leaves to JSONEncoder (their output is thrown away).
        private var detached: [Context] = []
        init(pretty: Bool) { self.pretty = pretty }

        /// An encoder outside this document, for a custom encoding's nested container or super-encoder: the document
        /// is then left to JSONEncoder.
        func detachedEncoder() -> ValueEncoder {
            unsupported = true
            let other = Context(pretty: pretty)
            detached.append(other)
            return other.encoder(depth: 0)
        }

        /// Lets go of the encoders and stores (each refers back to this context).
        func close() {
            for other in detached { other.close() }
            detached = []
            encoders = []
            objects = []
            arrays = []
        }

        /// Whether it holds nothing (after `close`).
        var isClosed: Bool { encoders.isEmpty && objects.isEmpty && arrays.isEmpty && detached.isEmpty }

        func encoder(depth: Int) -> ValueEncoder {
            while encoders.count <= depth { encoders.append(ValueEncoder(self, depth: encoders.count)) }
            encoders[depth].reset()
            return encoders[depth]
        }

        func object(depth: Int) -> ObjectStore {
            while objects.count <= depth { objects.append(ObjectStore(self, depth: objects.count)) }
            objects[depth].reset()
            return objects[depth]
        }

        func array(depth: Int) -> ArrayStore {
            while arrays.count <= depth { arrays.append(ArrayStore(self, depth: arrays.count)) }
            arrays[depth].reset()
            return arrays[depth]
        }
    }

    /// What one value came to: a scalar's bytes, or the object or array it opened.
    final class ValueEncoder: Encoder {
        let context: Context
        let depth: Int
        var codingPath: [CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        private enum Made { case nothing, scalar, object(ObjectStore), array(ArrayStore) }
        private var made = Made.nothing
        /// A scalar's bytes (kept, emptied, from one value to the next).
        @exclusivity(unchecked) private var scalar: [UInt8] = []

        init(_ context: Context, depth: Int) {
            self.context = context
            self.depth = depth
        }

        func reset() {
            made = .nothing
            scalar.removeAll(keepingCapacity: true)
        }

        func encode<T: Encodable>(_ value: T) throws {
            if T.self == String.self {
                setScalar { JSONBytes.string(value as! String, into: &$0) }
            } else {
                try value.encode(to: self)
            }
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object(let store) = made { return KeyedEncodingContainer(ObjectContainer<Key>(store: store)) }
            let store = context.object(depth: depth)
            made = .object(store)
            return KeyedEncodingContainer(ObjectContainer<Key>(store: store))
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer {
            if case .array(let store) = made { return ArrayContainer(store: store) }
            let store = context.array(depth: depth)
            made = .array(store)
            return ArrayContainer(store: store)
        }

        func singleValueContainer() -> SingleValueEncodingContainer { ScalarContainer(encoder: self) }

        func setScalar(_ write: (inout [UInt8]) -> Void) {
            scalar.removeAll(keepingCapacity: true)
            write(&scalar)
            made = .scalar
        }

        /// The value's bytes, as they stand in its parent at this depth. A value that encoded nothing is an empty
        /// object, as JSONEncoder writes it.
        func finish(into out: inout [UInt8]) {
            switch made {
            case .scalar: out += scalar
            case .object(let store): store.finish(into: &out)
            case .array(let store): store.finish(into: &out)
            case .nothing: context.object(depth: depth).finish(into: &out)
            }
        }
    }

    /// What an open object and an open array share: where they stand, their bytes so far, and how a value one level
    /// deeper is written into them.
    class Store {
        let context: Context
        let pretty: Bool
        let depth: Int
        // One thread uses a document's stores, so the run-time exclusivity checks of these buffers are left out.
        @exclusivity(unchecked) var bytes: [UInt8] = []
        init(_ context: Context, depth: Int) {
            self.context = context
            self.pretty = context.pretty
            self.depth = depth
        }

        /// A member's or element's value, one level deeper, written at the end of `out`: a text directly, anything
        /// else by the encoder of that depth.
        func write<T: Encodable>(_ value: T, into out: inout [UInt8]) throws {
            if T.self == String.self { return JSONBytes.string(value as! String, into: &out) }
            let child = context.encoder(depth: depth + 1)
            try value.encode(to: child)
            child.finish(into: &out)
        }

        /// An empty object or array as JSONEncoder writes it (pretty-printed: a blank line, then the closing bracket
        /// at this depth's indent).
        func writeEmpty(_ open: Character, _ close: Character, into out: inout [UInt8]) {
            out.append(open.asciiValue!)
            if pretty {
                out += [0x0A, 0x0A]
                JSONBytes.indent(depth, into: &out)
            }
            out.append(close.asciiValue!)
        }
    }

    /// An open object: its members' bytes, each with its key, put in key order as it closes.
    final class ObjectStore: Store {
        @exclusivity(unchecked) var members: [(key: String, range: Range<Int>)] = []
        @exclusivity(unchecked) private var order: [Int] = []
        /// The keys of the last object closed at this depth and their order: objects side by side are most often of
        /// one type, with the same keys in the same order, and are not sorted again.
        @exclusivity(unchecked) private var lastKeys: [String] = []

        func reset() {
            bytes.removeAll(keepingCapacity: true)
            members.removeAll(keepingCapacity: true)
        }

        func add(_ key: String, _ write: (inout [UInt8]) throws -> Void) rethrows {
            let start = bytes.count
            try write(&bytes)
            members.append((key, start..<bytes.count))
        }

        func add<T: Encodable>(_ key: String, value: T) throws {
            try add(key) { try write(value, into: &$0) }
        }

        func finish(into out: inout [UInt8]) {
            guard !members.isEmpty else { return writeEmpty("{", "}", into: &out) }
            // Keys in the order of their UTF-8 bytes, as JSONEncoder sorts them here; a key given twice keeps its last value.
            let sameKeys = lastKeys.count == members.count && zip(lastKeys, members).allSatisfy { $0 == $1.key }
            if !sameKeys {
                order.removeAll(keepingCapacity: true)
                order.append(contentsOf: members.indices)
                if !zip(order, order.dropFirst()).allSatisfy({ JSONBytes.keyLess(members[$0].key, members[$1].key) }) {
                    order.sort { JSONBytes.keyLess(members[$0].key, members[$1].key) || (members[$0].key == members[$1].key && $0 < $1) }
                }
                lastKeys.removeAll(keepingCapacity: true)
                lastKeys.append(contentsOf: members.lazy.map(\.key))
            }
            out.append(UInt8(ascii: "{"))
            var first = true
            for (n, i) in order.enumerated() where n + 1 == order.count || members[order[n + 1]].key != members[i].key {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if pretty {
                    out.append(0x0A)
                    JSONBytes.indent(depth + 1, into: &out)
                }
                JSONBytes.string(members[i].key, into: &out)
                out += pretty ? [0x20, UInt8(ascii: ":"), 0x20] : [UInt8(ascii: ":")]
                out.append(contentsOf: bytes[members[i].range])
            }
            if pretty {
                out.append(0x0A)
                JSONBytes.indent(depth, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An open array: its elements' bytes in order.
    final class ArrayStore: Store {
        var count = 0

        func reset() {
            bytes.removeAll(keepingCapacity: true)
            count = 0
        }

        func add(_ write: (inout [UInt8]) throws -> Void) rethrows {
            bytes.append(count == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
            if pretty {
                bytes.append(0x0A)
                JSONBytes.indent(depth + 1, into: &bytes)
            }
            count += 1
            try write(&bytes)
        }

        func add<T: Encodable>(value: T) throws {
            try add { try write(value, into: &$0) }
        }

        func finish(into out: inout [UInt8]) {
            guard count > 0 else { return writeEmpty("[", "]", into: &out) }
            out += bytes
            if pretty {
                out.append(0x0A)
                JSONBytes.indent(depth, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let store: ObjectStore
        var codingPath: [CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { store.add(key.stringValue) { $0 += Array("null".utf8) } }
        mutating func encode(_ value: Bool, forKey key: Key) throws { store.add(key.stringValue) { $0 += Array((value ? "true" : "false").utf8) } }
        mutating func encode(_ value: String, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.string(value, into: &$0) } }
        mutating func encode(_ value: Double, forKey key: Key) throws { throw Unsupported() }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw Unsupported() }
        mutating func encode(_ value: Int, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int8, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int16, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int32, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int64, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { store.add(key.stringValue) { JSONBytes.integer(value, into: &$0) } }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try store.add(key.stringValue, value: value) }

        // Not used by the site's documents (synthesized encodings): left to JSONEncoder.
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            store.context.detachedEncoder().container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            store.context.detachedEncoder().unkeyedContainer()
        }
        mutating func superEncoder() -> Encoder {
            store.context.detachedEncoder()
        }
        mutating func superEncoder(forKey key: Key) -> Encoder { superEncoder() }
    }

    struct ArrayContainer: UnkeyedEncodingContainer {
        let store: ArrayStore
        var codingPath: [CodingKey] { [] }
        var count: Int { store.count }

        mutating func encodeNil() throws { store.add { $0 += Array("null".utf8) } }
        mutating func encode(_ value: Bool) throws { store.add { $0 += Array((value ? "true" : "false").utf8) } }
        mutating func encode(_ value: String) throws { store.add { JSONBytes.string(value, into: &$0) } }
        mutating func encode(_ value: Double) throws { throw Unsupported() }
        mutating func encode(_ value: Float) throws { throw Unsupported() }
        mutating func encode(_ value: Int) throws { store.add { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int8) throws { store.add { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int16) throws { store.add { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int32) throws { store.add { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int64) throws { store.add { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt) throws { store.add { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt8) throws { store.add { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt16) throws { store.add { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt32) throws { store.add { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt64) throws { store.add { JSONBytes.integer(value, into: &$0) } }
        mutating func encode<T: Encodable>(_ value: T) throws { try store.add(value: value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            store.context.detachedEncoder().container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            store.context.detachedEncoder().unkeyedContainer()
        }
        mutating func superEncoder() -> Encoder {
            store.context.detachedEncoder()
        }
    }

    struct ScalarContainer: SingleValueEncodingContainer {
        let encoder: ValueEncoder
        var codingPath: [CodingKey] { [] }
        private func set(_ write: (inout [UInt8]) -> Void) { encoder.setScalar(write) }
        mutating func encodeNil() throws { set { $0 += Array("null".utf8) } }
        mutating func encode(_ value: Bool) throws { set { $0 += Array((value ? "true" : "false").utf8) } }
        mutating func encode(_ value: String) throws { set { JSONBytes.string(value, into: &$0) } }
        mutating func encode(_ value: Double) throws { throw Unsupported() }
        mutating func encode(_ value: Float) throws { throw Unsupported() }
        mutating func encode(_ value: Int) throws { set { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int8) throws { set { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int16) throws { set { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int32) throws { set { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: Int64) throws { set { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt) throws { set { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt8) throws { set { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt16) throws { set { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt32) throws { set { JSONBytes.integer(value, into: &$0) } }
        mutating func encode(_ value: UInt64) throws { set { JSONBytes.integer(value, into: &$0) } }
        mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encode(value) }
    }
}
