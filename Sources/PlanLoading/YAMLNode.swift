// PlanLoading/YAMLNode: the YAML tree the loaders read, composed straight from
// libyaml's events (the C parser Yams is built on) without the per-node costs
// of Yams' own tree: Yams makes a class instance per event and a tag object
// per node, keeps each node's anchor as a weak reference (so that every copy
// of a node takes a lock), and checks each mapping for repeated keys by
// hashing whole nodes. Here a node is the text, style and place the loaders
// read. A document that is not plain (a syntax error, a repeated key, an alias
// to nothing, more than one document, an empty file) is left to Yams, whose
// error is what the loaders report (YAMLFile.root), and whose tree for an
// unusual but valid document (a key that is a mapping) is converted.

import CYaml
import Yams

/// Where a node starts: line and column from 1, as Yams gives them.
struct Mark: Equatable {
    let line: Int
    let column: Int
}

/// A YAML node: a scalar (as text, with the style it was written in), a mapping or a sequence.
enum Node {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    struct Scalar {
        let string: String
        let style: Yams.Node.Scalar.Style
        let mark: Mark?
        /// False when an explicit tag other than `!!str` is written on it (as Yams, such a key does not match a
        /// name looked up as plain text).
        var isText = true
    }

    struct Mapping: RandomAccessCollection {
        let pairs: [(key: Node, value: Node)]
        let mark: Mark?
        var startIndex: Int { pairs.startIndex }
        var endIndex: Int { pairs.endIndex }
        subscript(position: Int) -> (key: Node, value: Node) { pairs[position] }
        /// The value of the last key that is this text (as Yams' `mapping[string]`).
        subscript(string: String) -> Node? {
            pairs.last { if case let .scalar(k) = $0.key { return k.isText && k.string == string }; return false }?.value
        }
    }

    struct Sequence: RandomAccessCollection {
        let nodes: [Node]
        let mark: Mark?
        var startIndex: Int { nodes.startIndex }
        var endIndex: Int { nodes.endIndex }
        subscript(position: Int) -> Node { nodes[position] }
    }

    var mark: Mark? {
        switch self {
        case .scalar(let s): return s.mark
        case .mapping(let m): return m.mark
        case .sequence(let s): return s.mark
        }
    }

    var scalar: Scalar? { if case let .scalar(s) = self { return s }; return nil }
    /// The scalar's text (nil for a mapping or a sequence).
    var string: String? { scalar?.string }

    subscript(string: String) -> Node? {
        if case let .mapping(m) = self { return m[string] }
        return nil
    }

    /// Yams' tree as this one (for a document only Yams composes).
    init(_ node: Yams.Node) {
        func mark(_ m: Yams.Mark?) -> Mark? { m.map { Mark(line: $0.line, column: $0.column) } }
        switch node {
        case .scalar(let s):
            self = .scalar(Scalar(string: s.string, style: s.style, mark: mark(s.mark), isText: s.tag.description == "" || s.tag.description == Yams.Tag.Name.str.rawValue))
        case .mapping(let m):
            self = .mapping(Mapping(pairs: m.map { (Node($0.key), Node($0.value)) }, mark: mark(m.mark)))
        case .sequence(let s):
            self = .sequence(Sequence(nodes: s.map(Node.init), mark: mark(s.mark)))
        case .alias(let a):
            self = .scalar(Scalar(string: "", style: .plain, mark: mark(a.mark)))
        }
    }
}

/// Composes a document from libyaml's events.
enum YAMLComposer {
    /// The document's tree; nil when the text is not one plain, well-formed document (Yams then composes it, or
    /// reports what is wrong). `text` is read as UTF-8, as Yams reads it.
    static func compose(_ text: String) -> Node? {
        var text = text
        return text.withUTF8 { bytes -> Node? in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else { return nil }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, base, bytes.count)
            var composer = Composer(parser: parser)
            return composer.document()
        }
    }

    private struct Failed: Error {}

    private struct Composer {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        var event = yaml_event_t()
        var anchors: [String: Node] = [:]

        /// Reads the next event into `event` (the previous one deleted).
        mutating func next() throws -> yaml_event_type_t {
            guard yaml_parser_parse(parser, &event) == 1 else { throw Failed() }
            return event.type
        }

        mutating func document() -> Node? {
            defer { yaml_event_delete(&event) }
            do {
                guard try next() == YAML_STREAM_START_EVENT else { return nil }
                yaml_event_delete(&event)
                guard try next() == YAML_DOCUMENT_START_EVENT else { return nil }   // an empty stream
                yaml_event_delete(&event)
                _ = try next()
                let root = try node()
                guard try next() == YAML_DOCUMENT_END_EVENT else { return nil }
                yaml_event_delete(&event)
                guard try next() == YAML_STREAM_END_EVENT else { return nil }      // another document
                // An explicit document with nothing in it ("---" alone) is left to Yams, which gives it as it always has
                // (a file of comments alone has no document at all, above: Yams reports it as empty).
                if case let .scalar(s) = root, s.string.isEmpty, s.style == .plain { return nil }
                return root
            } catch {
                return nil
            }
        }

        static func text(_ pointer: UnsafePointer<UInt8>?, count: Int) -> String {
            guard let pointer else { return "" }
            return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
        }

        static func cString(_ pointer: UnsafePointer<UInt8>?) -> String? {
            guard let pointer else { return nil }
            return String(cString: pointer)
        }

        /// The node whose first event is in `event` (consumed, with all of the node's events).
        mutating func node() throws -> Node {
            let mark = Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
            switch event.type {
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                let string = Self.text(data.value, count: data.length)
                let tag = data.quoted_implicit == 1 ? nil : Self.cString(data.tag)
                guard let style = Yams.Node.Scalar.Style(rawValue: numericCast(data.style.rawValue)) else { throw Failed() }
                let node = Node.scalar(Node.Scalar(string: string, style: style, mark: mark,
                                                   isText: tag == nil || tag == "tag:yaml.org,2002:str"))
                let anchor = Self.cString(data.anchor)
                yaml_event_delete(&event)
                if let anchor { anchors[anchor] = node }
                return node
            case YAML_ALIAS_EVENT:
                guard let name = Self.cString(event.data.alias.anchor), let node = anchors[name] else { throw Failed() }
                yaml_event_delete(&event)
                return node
            case YAML_SEQUENCE_START_EVENT:
                let anchor = Self.cString(event.data.sequence_start.anchor)
                yaml_event_delete(&event)
                var nodes: [Node] = []
                while try next() != YAML_SEQUENCE_END_EVENT { nodes.append(try node()) }
                yaml_event_delete(&event)
                let node = Node.sequence(Node.Sequence(nodes: nodes, mark: mark))
                if let anchor { anchors[anchor] = node }
                return node
            case YAML_MAPPING_START_EVENT:
                let anchor = Self.cString(event.data.mapping_start.anchor)
                yaml_event_delete(&event)
                var pairs: [(key: Node, value: Node)] = []
                var keys = Set<String>()
                while try next() != YAML_MAPPING_END_EVENT {
                    let key = try node()
                    // A repeated key, or a key that is not text (Yams compares such keys as whole trees): Yams'.
                    guard case let .scalar(k) = key, k.isText, keys.insert(k.string).inserted else { throw Failed() }
                    _ = try next()
                    pairs.append((key, try node()))
                }
                yaml_event_delete(&event)
                let node = Node.mapping(Node.Mapping(pairs: pairs, mark: mark))
                if let anchor { anchors[anchor] = node }
                return node
            default:
                throw Failed()
            }
        }
    }
}
