// PlanModel/OddSpace: the spaces that are not one to YAML or to a link's target (a non-breaking space pasted
// from a word processor reads as a letter), with the names a message gives them.

public enum OddSpace {
    /// The name of `scalar` if it is such a space ("a non-breaking space"), else nil.
    public static func name(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x00A0: return "a non-breaking space"
        case 0x202F: return "a narrow non-breaking space"
        case 0x200B: return "a zero-width space"
        case 0xFEFF: return "a zero-width no-break space"
        case 0x2007, 0x3000, 0x2002, 0x2003, 0x2009: return "an unusual space (U+\(String(scalar.value, radix: 16, uppercase: true)))"
        default: return nil
        }
    }

    /// The name of `character` if it is such a space.
    public static func name(_ character: Character) -> String? {
        character.unicodeScalars.count == 1 ? name(character.unicodeScalars.first!) : nil
    }
}
