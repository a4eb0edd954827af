"""Demo articles, written for newsannot in the style of state-media-sourced war reporting.

Every article here is invented: the outlets are real state media so the labels make sense, but
the events, quotes and people are ours. Each `spans` entry is (label, quote, occurrence, status),
where status is the review state the demo puts the span in.
"""

from __future__ import annotations

ARTICLES: list[dict] = [
    {
        "title": "Militants 'fleeing in panic' after week of strikes, defence ministry claims",
        "outlet": "RT",
        "url": "https://www.rt.com/news/demo-militants-fleeing/",
        "published_at": "2025-10-16",
        "external_id": "demo-001",
        "text": (
            "Militants 'fleeing in panic' after week of strikes, defence ministry claims\n\n"
            "Armed groups in the north of the province have abandoned several positions and are "
            "retreating in disorder, the Defence Ministry said on Thursday.\n\n"
            "“Their command has lost control. Fighters are deserting in whole units,” Lieutenant "
            "General Viktor Saltanov told a media briefing in the capital.\n\n"
            "Precision strikes hit only military targets, Saltanov said, adding that drone footage "
            "“leaves no doubt about the accuracy of every strike.” He stressed that all such "
            "targets were located far from residential areas.\n\n"
            "Local activists reported damage to a bakery and a school, claims the ministry "
            "dismissed as “staged.”\n\n"
            "Source: RT\n"
        ),
        "spans": [
            ("attribution", "the Defence Ministry said on Thursday", 1, "approved"),
            (
                "attribution",
                "Lieutenant General Viktor Saltanov told a media briefing",
                1,
                "approved",
            ),
            ("unverified-claim", "Precision strikes hit only military targets", 1, "pending"),
            (
                "unverified-claim",
                "all such targets were located far from residential areas",
                1,
                "rejected",
            ),
            ("state-media-source", "Source: RT", 1, "approved"),
        ],
    },
    {
        "title": "Foreign ministry calls casualty reports 'fabrications by Western outlets'",
        "outlet": "TASS",
        "url": "https://tass.com/politics/demo-casualty-reports",
        "published_at": "2025-11-02",
        "external_id": "demo-002",
        "text": (
            "Foreign ministry calls casualty reports 'fabrications by Western outlets'\n\n"
            "MOSCOW, November 2. /TASS/. Reports of civilian casualties in the river town of "
            "Verkhnedolsk are “a crude fabrication prepared in advance,” Foreign Ministry "
            "spokeswoman Irina Voronova said at a weekly briefing.\n\n"
            "According to Voronova, the photographs circulated online were taken “at a film set "
            "two hundred kilometres away.” She did not say how the ministry had established this.\n\n"
            "Independent monitors have so far been unable to reach the town.\n"
        ),
        "spans": [
            (
                "attribution",
                "Foreign Ministry spokeswoman Irina Voronova said at a weekly briefing",
                1,
                "pending",
            ),
            ("unverified-claim", "“a crude fabrication prepared in advance,”", 1, "pending"),
            ("attribution", "According to Voronova", 1, "approved"),
            ("state-media-source", "/TASS/", 1, "approved"),
        ],
    },
    {
        "title": "Europe's gas shortage 'entirely self-inflicted', energy minister tells Sputnik",
        "outlet": "Sputnik",
        "url": "https://sputnikglobe.com/demo-gas-shortage/",
        "published_at": "2025-12-09",
        "external_id": "demo-003",
        "text": (
            "Europe's gas shortage 'entirely self-inflicted', energy minister tells Sputnik\n\n"
            "The energy crisis in Europe is “entirely the result of Brussels' own decisions,” "
            "Energy Minister Pavel Kruglov told Sputnik in an exclusive interview.\n\n"
            "Kruglov claimed that supplies through the northern route “could resume tomorrow” if "
            "European buyers signed long-term contracts, and that prices would fall by half "
            "within a month.\n\n"
            "Analysts quoted by the agency agreed that sanctions had “never worked and never "
            "will.” The agency did not name the analysts.\n"
        ),
        "spans": [
            (
                "attribution",
                "Energy Minister Pavel Kruglov told Sputnik in an exclusive interview",
                1,
                "pending",
            ),
            ("state-media-source", "Sputnik", 2, "pending"),
            ("unverified-claim", "prices would fall by half within a month", 1, "pending"),
            ("attribution", "Analysts quoted by the agency", 1, "rejected"),
        ],
    },
    {
        "title": "Rossiya 24: 'overwhelming support' for referendum in border district",
        "outlet": "Rossiya 24",
        "url": "https://www.vesti.ru/demo-referendum",
        "published_at": "2026-01-21",
        "external_id": "demo-004",
        "text": (
            "Rossiya 24: 'overwhelming support' for referendum in border district\n\n"
            "Residents of the border district turned out in record numbers, the state channel "
            "Rossiya 24 reported, with the head of the electoral commission, Oleg Myasnikov, "
            "saying that “the people have spoken with one voice.”\n\n"
            "Один из жителей сказал корреспонденту: «Мы ждали этого дня много лет». The channel "
            "did not say how the resident had been chosen.\n\n"
            "International observers were not invited. Myasnikov said their absence “changes "
            "nothing: every vote was counted honestly.”\n"
        ),
        "spans": [
            ("state-media-source", "the state channel Rossiya 24 reported", 1, "approved"),
            ("attribution", "Один из жителей сказал корреспонденту", 1, "pending"),
            ("unverified-claim", "every vote was counted honestly", 1, "pending"),
        ],
    },
    {
        "title": "CGTN: spokesperson says sea patrols 'fully lawful' 🌊",
        "outlet": "CGTN",
        "url": "https://news.cgtn.com/demo-sea-patrols",
        "published_at": "2026-03-05",
        "external_id": "demo-005",
        "text": (
            "CGTN: spokesperson says sea patrols 'fully lawful' 🌊\n\n"
            "Foreign ministry spokesperson Zhao Wenhai (赵文海) said on Wednesday that the "
            "patrols near the disputed reef were “fully in line with international law” 👍 and "
            "that the other side had “provoked the incident.”\n\n"
            "外交部发言人表示，巡逻完全合法。 Footage shared by CGTN showed a patrol boat at a "
            "distance; the video could not be independently verified 🎥.\n\n"
            "A regional analyst told the broadcaster that “no country in the region objects.” "
            "Several neighbouring governments have in fact lodged protests.\n"
        ),
        "spans": [
            (
                "attribution",
                "Foreign ministry spokesperson Zhao Wenhai (赵文海) said on Wednesday",
                1,
                "approved",
            ),
            ("unverified-claim", "the other side had “provoked the incident.”", 1, "pending"),
            ("attribution", "外交部发言人表示", 1, "pending"),
            ("state-media-source", "Footage shared by CGTN", 1, "pending"),
            ("unverified-claim", "“no country in the region objects.”", 1, "rejected"),
        ],
    },
    {
        "title": "Press TV: 'no civilian sites' hit in overnight operation",
        "outlet": "Press TV",
        "url": "https://www.presstv.ir/demo-overnight-operation",
        "published_at": "2026-04-18",
        "external_id": "demo-006",
        "text": (
            "Press TV: 'no civilian sites' hit in overnight operation\n\n"
            "The overnight operation struck “exclusively military infrastructure,” a military "
            "spokesman told Press TV, insisting that no civilian sites had been affected.\n\n"
            "The spokesman, Brigadier General Reza Fallahi, said the targets had been chosen "
            "“with surgical care.” Photos published by the Cafe\u0301 Ra\u0301ha collective on "
            "social media appeared to show a damaged market.\n\n"
            "The broadcaster described the collective as “a foreign-funded propaganda outlet,” "
            "without offering evidence.\n"
        ),
        "spans": [
            ("attribution", "a military spokesman told Press TV", 1, "pending"),
            ("unverified-claim", "no civilian sites had been affected", 1, "pending"),
            ("state-media-source", "Press TV", 2, "approved"),
        ],
    },
    {
        "title": "Harvest 'best in a decade' despite drought, agriculture ministry says",
        "outlet": "RIA Novosti",
        "url": "https://ria.ru/demo-harvest",
        "published_at": "2026-08-30",
        "external_id": "demo-007",
        "text": (
            "Harvest 'best in a decade' despite drought, agriculture ministry says\n\n"
            "Grain output this year will be the highest in ten years, Agriculture Minister "
            "Darya Lebedeva said, according to RIA Novosti.\n\n"
            "Farmers in the southern regions, where rainfall was half the usual, told reporters "
            "a different story. Lebedeva dismissed their complaints as “isolated cases.”\n\n"
            "Source: RIA Novosti\n"
        ),
        "spans": [],
    },
]
