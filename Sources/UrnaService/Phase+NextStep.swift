import UrnaRecord

extension Phase {
    /// What moves an election on from this phase, for error messages and `status`.
    public var nextStep: String {
        switch self {
        case .setup:
            "the commission imports the registrar's signed roll ('urna roll import') and the trustees' pledges ('urna trustee pledge', then 'urna trustee import')"
        case .keyCeremony:
            "once every trustee's pledge is imported, the trustees reveal their commitments ('urna trustee commit'); once every commitment is imported, every trustee checks the others' shares ('urna trustee check'); the commission imports each round ('urna trustee import'), then opens voting ('urna election open')"
        case .open:
            "voters vote ('urna vote'); the commission closes voting with 'urna election close'"
        case .closed:
            "the commission publishes the encrypted tally with 'urna election tally'"
        case .tallied:
            "enough trustees decrypt ('urna trustee decrypt'), the commission imports their shares and runs 'urna election publish'"
        case .published:
            "nothing: the result is published ('urna election results'); anyone can check it with 'scrutineer verify'"
        }
    }
}
