//! The app in Traditional Chinese: chosen from the browser's languages, switched in the header, remembered,
//! and carried by a partner link into another browser. Found by role and the Chinese accessible names.

use e2e::browser::Browser;
use e2e::fixture::{Fixture, ADMIN};
use e2e::test_name;
use entra_emulator::state::Lifetimes;

async fn html_lang(b: &Browser) -> e2e::browser::Result<String> {
    Ok(b.script("return document.documentElement.lang").await?.as_str().unwrap_or_default().to_string())
}

/// This document's requests for another language's words (`translations/<tag>.<part>.<hash>.txt`): each part and
/// how it was requested, `link` for the preload `index.html` adds while the module downloads, `fetch` for the
/// app's own request.
async fn word_requests(b: &Browser) -> e2e::browser::Result<Vec<(String, String)>> {
    let found = b
        .script(
            "return performance.getEntriesByType('resource')
               .filter(r => r.name.includes('/translations/'))
               .map(r => [new URL(r.name).pathname.split('/').pop().split('.')[1], r.initiatorType]);",
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

fn parts(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(p, how)| (p.to_string(), how.to_string())).collect()
}

/// Opens `fragment` and signs in as the admin from the Chinese header, as `Fixture::open_signed_in` does in
/// English.
async fn signed_in_in_chinese(f: &Fixture, fragment: &str) -> e2e::browser::Result<()> {
    f.browser.goto(&f.app_url(fragment)).await?;
    f.sign_in("登入", ADMIN).await?;
    f.browser.by_role("button", "登出").await?;
    Ok(())
}

/// The fixture with its browser replaced by one whose languages are `languages`.
async fn speaking(languages: &str) -> Fixture {
    let mut f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    let english = std::mem::replace(&mut f.browser, Browser::start_in_language(languages).await.expect("browser"));
    english.close().await;
    f
}

#[tokio::test]
async fn a_taiwanese_browser_gets_chinese_and_a_german_one_english() {
    let f = speaking("zh-TW,zh").await;
    let german = Browser::start_in_language("de-DE,de").await.expect("german browser");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        b.goto(&f.app_url("#/")).await?;
        b.by_role("heading", "Contoso 來賓上線").await?;
        b.by_role("button", "登入").await?;
        assert_eq!(html_lang(b).await?, "zh-TW");
        // Only the start page's words, requested once, by index.html, before the module arrived: the app's request
        // was served by the preload.
        assert_eq!(word_requests(b).await?, parts(&[("main", "link")]));
        let title = b.script("return document.title").await?;
        assert_eq!(title.as_str(), Some("首頁 · Contoso 來賓上線"));
        // The switch names each language in itself; the current one is pressed.
        let pressed = b.by_role("button", "繁體中文").await?.attr("aria-pressed").await?;
        assert_eq!(pressed.as_deref(), Some("true"));

        german.goto(&f.app_url("#/")).await?;
        german.by_role("heading", "Guest onboarding for Contoso").await?;
        german.by_role("button", "Sign in").await?;
        assert_eq!(html_lang(&german).await?, "en");
        assert_eq!(word_requests(&german).await?, parts(&[]), "English is compiled in");
        Ok(())
    })
    .await;
    german.close().await;
}

#[tokio::test]
async fn an_admin_works_in_chinese_and_the_partner_page_opens_in_chinese() {
    let f = speaking("zh-TW").await;
    let partner = Browser::start_in_language("de").await.expect("partner browser");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        signed_in_in_chinese(f, "#/invite").await?;
        b.by_role("heading", "邀請合作夥伴").await?;

        // Invite with Microsoft's email suppressed, then hand the link over.
        b.by_role("checkbox", "寄送邀請電子郵件").await?.click().await?;
        f.fill("電子郵件地址", "mei@partner.example").await?;
        b.by_role("button", "傳送邀請").await?.click().await?;
        b.by_role("heading", "已建立邀請").await?;
        b.wait_for_text("未寄送：請使用下方的方式自行交付連結。").await?;
        let redeem = f.value_of("textbox", "兌換連結").await?;
        assert!(redeem.contains("/redeem?rd="), "{redeem}");
        b.by_role("img", "兌換連結的 QR 代碼").await?;
        // The partner's language defaults to the admin's; the email text follows it.
        let mailto = b.by_role("link", "自行寄送電子郵件").await?.attr("href").await?.unwrap_or_default();
        let subject = "Contoso 邀請您協同合作";
        let encoded: String = url::form_urlencoded::byte_serialize(subject.as_bytes()).collect();
        assert!(mailto.contains(&encoded.replace('+', "%20")), "{mailto}");
        let link = f.value_of("textbox", "合作夥伴連結").await?;
        assert_eq!(f.emulator()?.shared.lock().outbox.len(), 0, "no email from Microsoft");

        // A fresh browser whose own language is German: the link's language wins.
        partner.goto(&link).await?;
        partner.by_role("heading", "Contoso 邀請您協同合作").await?;
        partner.by_role("button", "接受邀請").await?;
        assert_eq!(html_lang(&partner).await?, "zh-TW");
        // The link's language, read before the module arrives: the start of its words and the partner pages'.
        assert_eq!(word_requests(&partner).await?, parts(&[("main", "link"), ("partner", "link")]));
        // The partner can switch; the page and the invitation stay.
        partner.by_role("button", "English").await?.click().await?;
        partner.by_role("heading", "Contoso invites you to collaborate").await?;
        partner.by_role("button", "Accept invitation").await?;
        assert_eq!(html_lang(&partner).await?, "en");
        Ok(())
    })
    .await;
    partner.close().await;
}

#[tokio::test]
async fn a_conversion_block_is_explained_in_chinese() {
    let f = speaking("zh-TW").await;
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        signed_in_in_chinese(f, "#/convert").await?;
        b.by_role("searchbox", "尋找使用者").await?.send_keys("erin").await?;
        b.by_role("button", "選擇 Erin Exchange (Tailspin)（erin.exchange@contoso.com）").await?.click().await?;
        let alert = b.alert_containing("無法轉換此使用者").await?;
        assert!(alert.contains("已指派 Exchange 授權"), "{alert}");
        assert!(alert.contains("刪除內部帳戶"), "{alert}");
        assert!(b.all_by_role("button", "轉換為外部使用者").await?.is_empty());
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn switching_language_keeps_what_was_typed_and_is_remembered() {
    let f = speaking("zh-TW").await;
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        signed_in_in_chinese(f, "#/invite").await?;
        f.fill("電子郵件地址", "lin@partner.example").await?;
        f.fill("顯示名稱", "林小姐 <b>不是粗體</b>").await?;
        f.fill("個人訊息", "歡迎加入專案。").await?;

        b.by_role("button", "English").await?.click().await?;
        b.by_role("heading", "Invite a partner").await?;
        assert_eq!(f.value_of("textbox", "Email address").await?, "lin@partner.example");
        assert_eq!(f.value_of("textbox", "Display name").await?, "林小姐 <b>不是粗體</b>");
        assert_eq!(f.value_of("textbox", "Personal message").await?, "歡迎加入專案。");
        assert_eq!(html_lang(b).await?, "en");
        // The keyboard stays on the switch.
        let focused = b.script("return document.activeElement && document.activeElement.textContent").await?;
        assert_eq!(focused.as_str(), Some("English"));
        b.wait_for_text("Sign out").await?;

        // Remembered over a reload, whatever the browser's own language.
        b.reload().await?;
        b.by_role("heading", "Invite a partner").await?;
        let stored = b.script("return localStorage.getItem('b2b-portal.language')").await?;
        assert_eq!(stored.as_str(), Some("en"));
        assert_eq!(word_requests(b).await?, parts(&[]), "the stored choice wins over the browser's");
        assert_eq!(f.value_of("textbox", "Email address").await?, "lin@partner.example");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_english_admin_makes_a_chinese_partner_link_and_email() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    let partner = Browser::start_in_language("en-US,en").await.expect("partner browser");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", ADMIN).await?;
        // Microsoft's invitation email goes out in zh-TW: the partner page defaults to that language.
        b.by_role("combobox", "Message language").await?.select_by_value("zh-TW").await?;
        f.fill("Email address", "wen@partner.example").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "Invitation created").await?;
        assert_eq!(f.emulator()?.shared.lock().outbox[0].language.as_deref(), Some("zh-TW"));
        let chosen = b.by_role("combobox", "Language of the partner page and your email").await?.prop("value").await?;
        assert_eq!(chosen.as_deref(), Some("zh-TW"));
        // The email the admin sends themselves is in the partner's language, not the admin's.
        let mail = b.by_role("link", "Email it yourself").await?;
        e2e::fixture::until(
            "the email in Chinese",
            std::time::Instant::now() + std::time::Duration::from_secs(10),
            || async { Ok(mail.attr("href").await?.unwrap_or_default().contains("%E6%82%A8%E5%A5%BD")) },
        )
        .await?;
        let link = f.value_of("textbox", "Partner link").await?;
        partner.goto(&link).await?;
        partner.by_role("heading", "Contoso 邀請您協同合作").await?;

        // Picking English changes both.
        b.by_role("combobox", "Language of the partner page and your email").await?.select_by_value("en").await?;
        let mailto = b.by_role("link", "Email it yourself").await?.attr("href").await?.unwrap_or_default();
        assert!(mailto.contains("subject=Contoso%20invites%20you%20to%20collaborate"), "{mailto}");
        let english = f.value_of("textbox", "Partner link").await?;
        assert_ne!(english, link);
        partner.goto(&english).await?;
        partner.reload().await?;
        partner.by_role("heading", "Contoso invites you to collaborate").await?;
        Ok(())
    })
    .await;
    partner.close().await;
}

#[tokio::test]
async fn the_guest_list_counts_ages_and_dates_in_chinese() {
    let f = speaking("zh-TW").await;
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        signed_in_in_chinese(f, "#/guests").await?;
        b.by_role("heading", "來賓").await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        e2e::fixture::until("the count in Chinese", deadline, || async {
            Ok(b.page_text().await?.contains("6 位來賓"))
        })
        .await?;
        let text = b.page_text().await?;
        assert!(text.contains("45 天，超過 30 天"), "{text}");
        // Intl writes the invitation dates as Taiwan does: 2026年11月26日.
        let nadia = text.lines().find(|l| l.contains("Nadia (Northwind)\t")).ok_or("no row for Nadia")?;
        let date = nadia.split('\t').find(|c| c.ends_with('日') && c.contains('年') && c.contains('月'));
        assert!(date.is_some(), "{nadia}");
        assert!(!nadia.contains("-11-") && !nadia.contains("Nov"), "{nadia}");
        Ok(())
    })
    .await;
}

/// What overflows the viewport sideways or clips its own text: the page itself, and any visible element whose
/// content is wider than its box (a word that does not wrap, a label cut off). Tables may scroll inside their
/// own scroller, by design.
async fn overflowing(b: &Browser) -> e2e::browser::Result<Vec<String>> {
    let found = b
        .script(
            "const out = [];
             const root = document.documentElement;
             if (root.scrollWidth > root.clientWidth + 1) out.push('the page is ' + root.scrollWidth + ' px wide in ' + root.clientWidth);
             for (const el of document.body.querySelectorAll('*')) {
               if (el.offsetParent === null || el.closest('.table-scroll') || el.closest('svg')) continue;
               const style = getComputedStyle(el);
               if (style.overflowX === 'auto' || style.overflowX === 'scroll' || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') continue;
               if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) out.push(el.tagName + ': ' + el.textContent.trim().slice(0, 50));
             }
             // A navigation link or a header button squeezed onto several lines (Chinese breaks anywhere).
             for (const el of document.querySelectorAll('header a, header button')) {
               if (el.offsetParent !== null && el.getClientRects().length > 1) out.push('wrapped: ' + el.textContent.trim());
               const lines = el.offsetHeight / parseFloat(getComputedStyle(el).lineHeight);
               if (el.offsetParent !== null && el.tagName === 'A' && lines > 1.5) out.push('wrapped: ' + el.textContent.trim());
             }
             return out;",
        )
        .await?;
    Ok(found.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default())
}

#[tokio::test]
async fn chinese_fits_a_phone_and_a_desktop_without_overflow_or_clipping() {
    let f = speaking("zh-TW").await;
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        signed_in_in_chinese(f, "#/invite").await?;
        b.by_role("checkbox", "寄送邀請電子郵件").await?.click().await?;
        f.fill("電子郵件地址", "an.extremely.long.partner.address@subsidiary.fabrikam.example").await?;
        b.by_role("button", "傳送邀請").await?.click().await?;
        b.by_role("heading", "已建立邀請").await?;
        for (width, height) in [(1280, 1000), (360, 800)] {
            b.client.set_window_size(width, height).await?;
            let wide = overflowing(b).await?;
            assert!(wide.is_empty(), "{width} px, invite result: {wide:?}");
            b.save_artifacts(&format!("language_zh_invite_{width}")).await;
        }
        b.goto(&f.app_url("#/guests")).await?;
        b.by_role("heading", "來賓").await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        // Six seeded guests and the one just invited.
        e2e::fixture::until("the guests", deadline, || async { Ok(b.page_text().await?.contains("7 位來賓")) }).await?;
        for (width, height) in [(360, 800), (1280, 1000)] {
            b.client.set_window_size(width, height).await?;
            let wide = overflowing(b).await?;
            assert!(wide.is_empty(), "{width} px, guests: {wide:?}");
            b.save_artifacts(&format!("language_zh_guests_{width}")).await;
        }
        Ok(())
    })
    .await;
}
