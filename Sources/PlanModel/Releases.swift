// PlanModel/Releases: the site's releases (each a named as-at date with a
// change note, major or minor in the GOV.UK sense) and withdrawn actions (an
// action stays in the content with the date and reason it was withdrawn, so
// its citable page can say what it said). No I/O here.

import Foundation

/// One release of the site, from `releases:` in site.yaml.
public struct Release: Sendable {
    public var version: String
    /// The date the release speaks as at: the plan is built as at this date.
    public var date: ContentDate
    /// How readers see the date ("January 2016"), when the day is not meaningful.
    public var label: String?
    /// The change note file (markdown), relative to the site root.
    public var noteFile: String?
    /// The change note, read from `noteFile`.
    public var note: LocatedText?
    /// A major change moves "last updated" and is announced; a minor one (a typo, a broken link) is not.
    public var major: Bool
    public var location: SourceLocation

    public init(version: String, date: ContentDate, label: String? = nil, noteFile: String? = nil, note: LocatedText? = nil,
                major: Bool = true, location: SourceLocation) {
        self.version = version; self.date = date; self.label = label; self.noteFile = noteFile; self.note = note
        self.major = major; self.location = location
    }

    /// "January 2016", or the date in words.
    public var dateText: String { label ?? date.text }
    /// The release's file name: its version with anything but letters, digits, dots and hyphens replaced.
    public var slug: String { Release.slug(version) }
    /// The name of a version's page (`releases/SLUG.html`): other characters than letters, digits, dots and hyphens become hyphens.
    public static func slug(_ version: String) -> String {
        String(version.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "-" })
    }
}

/// When and why an action was withdrawn (`withdrawn:` on its row).
public struct Withdrawal: Sendable {
    public var date: ContentDate
    /// Why, in the council's words; nil when the source gives no reason.
    public var reason: String?
    public var location: SourceLocation
    public init(date: ContentDate, reason: String? = nil, location: SourceLocation) {
        self.date = date; self.reason = reason; self.location = location
    }
}

extension Plan {
    /// The plan without the actions withdrawn on or before `limit` (every withdrawn action when nil).
    /// Those rows are kept in `withdrawnActions`, so their pages can say what they said.
    public func withdrawingActions(upTo limit: ContentDate?) -> Plan {
        var plan = self
        func gone(_ row: ActionRow) -> Bool {
            guard let w = row.withdrawn else { return false }
            return limit.map { w.date <= $0 } ?? true
        }
        for i in plan.workAreas.indices {
            for g in plan.workAreas[i].groups.indices {
                let rows = plan.workAreas[i].groups[g].rows
                plan.withdrawnActions += rows.filter(gone)
                plan.workAreas[i].groups[g].rows = rows.filter { !gone($0) }
            }
        }
        // The progress reported on an action before it was withdrawn stays: it is part of the reports as they were
        // given (the report cards of those months, the withdrawn action's page). An update dated later is an error
        // when the plan is loaded (PlanLoader.checkUpdatesAfterWithdrawal), and left out here.
        let withdrawnOn = Dictionary(plan.withdrawnActions.compactMap { row in row.withdrawn.map { ("action:" + row.ref, $0.date.endDay) } },
                                     uniquingKeysWith: { first, _ in first })
        if !withdrawnOn.isEmpty {
            for r in plan.progress.reports.indices {
                plan.progress.reports[r].updates.removeAll { u in withdrawnOn[u.target].map { u.date > $0 } ?? false }
            }
        }
        return plan
    }

    /// The plan without the releases dated after `limit` (all of them when nil).
    public func releasesUpTo(_ limit: ContentDate?) -> Plan {
        guard let limit else { return self }
        var plan = self
        plan.releases.removeAll { $0.date > limit }
        return plan
    }

    /// The release in force at `date`: the latest one dated on or before it.
    public func release(at date: ContentDate) -> Release? {
        releases.last { $0.date <= date.endDay }
    }

    /// The release the site speaks as, named on every page and in the open data. A build as at a date
    /// (`--as-at`) is the release in force on that date (`release(at:)`); a build of all the content is the latest
    /// release, since it holds everything up to it. site.yaml's `release:` when there is none (no `releases:`,
    /// or none dated yet at the requested date).
    public var releaseInForce: ReleaseStamp {
        let r = progress.asAtRequested ? progress.asAt.flatMap { release(at: $0) } : releases.last
        if let r { return ReleaseStamp(version: r.version, date: r.date.description, label: r.dateText) }
        return ReleaseStamp(version: config.version, date: config.date, label: config.dateLabel)
    }
}

/// A release as the site names it: "Release 2016.1, January 2016".
public struct ReleaseStamp: Sendable, Equatable {
    public var version: String
    /// `YYYY-MM-DD` (or `YYYY-MM`), as content writes dates.
    public var date: String
    /// How readers see the date ("January 2016"); nil: the date in words.
    public var label: String?
    public init(version: String, date: String, label: String? = nil) { self.version = version; self.date = date; self.label = label }

    /// "January 2016", or the date in words ("31 January 2016").
    public var dateText: String {
        if let label { return label }
        if case .success(let d) = ContentDate.parse(date) { return d.text }
        return date
    }
}
