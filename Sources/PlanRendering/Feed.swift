// PlanRendering/Feed: an Atom 1.0 feed (RFC 4287) of the site's major releases
// and its progress reports, with absolute URLs from `base_url` in site.yaml.
// Without a base_url no feed is written (a feed needs absolute URLs); the build
// says so. Dates come from the content, never the clock.

import Foundation
import Markdown
import PlanDiff
import PlanLinking
import PlanModel

public enum FeedPath {
    public static let feed = "feed.xml"
}

extension SiteRenderer {
    /// Whether this build writes a feed: it has a base URL and something to announce.
    var writesFeed: Bool { memo.value("writesFeed") { linked.config.baseURL != nil && !feedEntries().isEmpty } }

    struct FeedItem {
        let id: String
        let title: String
        let path: String
        let date: ContentDate
        let summary: String
    }

    func feedEntries() -> [FeedItem] {
        var out: [FeedItem] = []
        for r in releases where r.release.major {
            out.append(FeedItem(id: "release-\(r.release.version)", title: "\(releaseName(r.release)): what changed",
                                 path: ReleasePath.release(r.release), date: r.release.date,
                                 summary: r.isFirst ? "First release of the plan." : r.changes.headline))
        }
        for report in linked.progress.reports {
            out.append(FeedItem(id: "report-\(report.id)", title: "Progress report: \(report.title)",
                                 path: ProgressPath.reportCard(report.date.monthKey), date: report.date,
                                 summary: "\(report.updates.count) update\(report.updates.count == 1 ? "" : "s") on the plan, \(report.date.text). Source: \(report.source.title)."))
        }
        return out.sorted { ($0.date.endDay, $0.id) > ($1.date.endDay, $1.id) }
    }

    static func atomDate(_ d: ContentDate) -> String { d.endDay.description + "T00:00:00Z" }

    /// The feed, or nil when there is no base URL or nothing to announce.
    func feedFile() -> OutputFile? {
        guard let base = linked.config.baseURL else { return nil }
        let entries = feedEntries()
        guard let newest = entries.first else { return nil }
        let e = HTML.escape
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(e(linked.config.language))\">\n"
        xml += "<title>\(e(linked.config.title)): releases and progress</title>\n"
        xml += "<subtitle>Releases of the plan and progress reported on it, \(e(linked.config.organisation))</subtitle>\n"
        xml += "<id>\(e(base + FeedPath.feed))</id>\n"
        xml += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(e(base + FeedPath.feed))\"/>\n"
        xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(e(base))\"/>\n"
        xml += "<updated>\(SiteRenderer.atomDate(newest.date))</updated>\n"
        xml += "<author><name>\(e(linked.config.organisation))</name></author>\n"
        for entry in entries {
            xml += "<entry>\n"
            xml += "<id>\(e(base + entry.path))</id>\n"
            xml += "<title>\(e(entry.title))</title>\n"
            xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(e(base + entry.path))\"/>\n"
            xml += "<updated>\(SiteRenderer.atomDate(entry.date))</updated>\n"
            xml += "<summary>\(e(entry.summary))</summary>\n"
            xml += "</entry>\n"
        }
        xml += "</feed>\n"
        return OutputFile(path: FeedPath.feed, text: xml)
    }
}
