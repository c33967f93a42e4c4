//! Counts, numbers and dates for a language, through the browser's `Intl`. Native builds (the unit tests)
//! have no `Intl`: they use English's plural rule and plain digits.

/// The CLDR plural category of `n` (`one`, `other`, …).
#[cfg(target_arch = "wasm32")]
pub fn plural_category(tag: &str, n: u64) -> &'static str {
    let locales = js_sys::Array::of1(&tag.into());
    let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
    match String::from(rules.select(n as f64)).as_str() {
        "zero" => "zero",
        "one" => "one",
        "two" => "two",
        "few" => "few",
        "many" => "many",
        _ => "other",
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub fn plural_category(tag: &str, n: u64) -> &'static str {
    if n == 1 && tag.starts_with("en") {
        "one"
    } else {
        "other"
    }
}

/// `n` with the language's digit grouping (`12,345`).
#[cfg(target_arch = "wasm32")]
pub fn number(tag: &str, n: u64) -> String {
    js_sys::Number::from(n as f64).to_locale_string(tag).into()
}

#[cfg(not(target_arch = "wasm32"))]
pub fn number(_tag: &str, n: u64) -> String {
    n.to_string()
}

/// A calendar date in the reader's time zone, written as the language writes dates (`Mar 1, 2025`,
/// `2025年3月1日`). `ms` is milliseconds since the epoch.
#[cfg(target_arch = "wasm32")]
pub fn date(tag: &str, ms: f64) -> String {
    use wasm_bindgen::JsValue;
    let options = js_sys::Object::new();
    for (k, v) in [("year", "numeric"), ("month", "short"), ("day", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    js_sys::Date::new(&JsValue::from_f64(ms)).to_locale_date_string(tag, &options).into()
}

#[cfg(not(target_arch = "wasm32"))]
pub fn date(_tag: &str, ms: f64) -> String {
    crate::rules::guest_rules::format_time(ms)[..10].to_string()
}
