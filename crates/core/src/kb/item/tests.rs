use super::*;

fn qa() -> KbDraft {
    KbDraft {
        title: "Showings".into(),
        tags: vec![],
        collection: Some("Buyers".into()),
        content: KbContent::Qa {
            question: "Can I tour a home this weekend?".into(),
            alternatives: vec!["Is it perfect for families?".into()],
            answer: "Yes, book a showing with your agent.".into(),
        },
    }
}

#[test]
fn the_state_follows_the_live_version() {
    let draft = qa();
    assert_eq!(KbItemState::of(&draft, None), KbItemState::Draft);
    assert_eq!(
        KbItemState::of(&draft, Some(&draft)),
        KbItemState::Published
    );
    let mut edited = draft.clone();
    edited.tags.push("weekend".into());
    assert_eq!(KbItemState::of(&edited, Some(&draft)), KbItemState::Changed);
}

#[test]
fn content_serialises_tagged_by_kind_in_camel_case() {
    let json = serde_json::to_value(qa()).unwrap();
    assert_eq!(json["content"]["kind"], "qa");
    assert_eq!(
        json["content"]["question"],
        "Can I tour a home this weekend?"
    );
    let page = KbContent::WebPage {
        url: "https://example.com/faq".into(),
        markdown: "# FAQ".into(),
    };
    assert_eq!(serde_json::to_value(&page).unwrap()["kind"], "web_page");
    let request: PublishRequest = serde_json::from_str(r#"{"note":"first"}"#).unwrap();
    assert!(!request.acknowledge_warnings);
    assert!(serde_json::from_str::<PublishRequest>(r#"{"note":"x","ack":true}"#).is_err());
}

#[test]
fn a_qa_lints_each_field_and_chunks_with_its_phrasings() {
    let draft = qa();
    let findings = draft.lint(&LintContext::default());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].field, KbField::Alternative);
    assert_eq!(findings[0].alternative, Some(0));
    assert_eq!(findings[0].finding.text, "perfect for families");

    let chunks = draft.content.chunks(ChunkConfig::STANDARD);
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].questions.len(), 2);
    assert_eq!(draft.content.kind(), KbItemKind::Qa);
}
