//! Cell values as other CRMs export them, read into ours: lead sources by their usual names in
//! HubSpot, Salesforce, Zoho and Pipedrive (and in Persian), and company sizes written as ranges.

use super::column_map::normalize_header;
use crate::domain::LeadSource;

/// The source another CRM's value names, if it names one we know. Our own keys ("web_form") and
/// their loose spellings ("Web form") are read by the lead form itself and not listed here.
pub fn foreign_source(cell: &str) -> Option<LeadSource> {
    use LeadSource as S;
    let value = normalize_header(cell);
    let table: [(S, &[&str]); 12] = [
        (
            S::WebForm,
            &[
                "organic search",
                "paid search",
                "direct traffic",
                "web",
                "website",
                "web site",
                "web form",
                "web inquiry",
                "web download",
                "online store",
                "form",
                "google",
                "seo",
                "وب سایت",
                "سایت",
                "فرم سایت",
            ],
        ),
        (
            S::Email,
            &[
                "email marketing",
                "email",
                "e mail",
                "email campaign",
                "ایمیل",
            ],
        ),
        (
            S::SocialNetwork,
            &[
                "social media",
                "paid social",
                "organic social",
                "social",
                "facebook",
                "instagram",
                "linkedin",
                "twitter",
                "telegram",
                "شبکه اجتماعی",
                "اینستاگرام",
                "تلگرام",
            ],
        ),
        (
            S::Referral,
            &[
                "referral",
                "referrals",
                "partner referral",
                "employee referral",
                "external referral",
                "partner",
                "word of mouth",
                "معرفی",
                "معرف",
            ],
        ),
        (
            S::TradeShowForm,
            &[
                "trade show",
                "tradeshow",
                "exhibition",
                "event",
                "seminar",
                "نمایشگاه",
            ],
        ),
        (
            S::PhoneCallIn,
            &[
                "phone inquiry",
                "inbound call",
                "call",
                "phone",
                "تماس تلفنی",
                "تلفن",
            ],
        ),
        (S::PhoneCallOut, &["cold call", "outbound call", "تماس سرد"]),
        (S::Sms, &["sms", "text message", "پیامک"]),
        (S::Fax, &["fax", "فکس", "نمابر"]),
        (
            S::BusinessCard,
            &["business card", "visiting card", "کارت ویزیت"],
        ),
        (
            S::InPersonMeeting,
            &["meeting", "in person", "walk in", "ملاقات", "جلسه", "حضوری"],
        ),
        (
            S::Import,
            &[
                "purchased list",
                "list import",
                "import",
                "imported",
                "offline sources",
            ],
        ),
    ];
    table
        .into_iter()
        .find(|(_, names)| names.iter().any(|n| normalize_header(n) == value))
        .map(|(source, _)| source)
}

/// A company size as CRMs export it, reduced to one number the lead form reads: a range
/// ("51-200", "51 to 200", "۵۱ تا ۲۰۰") gives its lower bound, an open one ("10,000+") its
/// number. Anything else is returned as it is, for the form to accept or explain.
pub fn employees_cell(cell: &str) -> &str {
    let cell = cell.trim();
    let open = cell.strip_suffix('+').map(str::trim_end).unwrap_or(cell);
    for separator in ["-", "–", " to ", " تا "] {
        if let Some((low, high)) = open.split_once(separator) {
            let (low, high) = (low.trim(), high.trim());
            if !low.is_empty()
                && !high.is_empty()
                && starts_with_digit(low)
                && starts_with_digit(high)
            {
                return low;
            }
        }
    }
    open
}

fn starts_with_digit(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_numeric())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn sources_of_other_crms_are_ours() {
        assert_eq!(foreign_source("Organic Search"), Some(LeadSource::WebForm));
        assert_eq!(
            foreign_source("Partner Referral"),
            Some(LeadSource::Referral)
        );
        assert_eq!(foreign_source("Word of mouth"), Some(LeadSource::Referral));
        assert_eq!(
            foreign_source("Trade Show"),
            Some(LeadSource::TradeShowForm)
        );
        assert_eq!(foreign_source("Cold Call"), Some(LeadSource::PhoneCallOut));
        assert_eq!(
            foreign_source("Social Media"),
            Some(LeadSource::SocialNetwork)
        );
        assert_eq!(foreign_source("نمایشگاه"), Some(LeadSource::TradeShowForm));
        assert_eq!(foreign_source("کارت ویزیت"), Some(LeadSource::BusinessCard));
        assert_eq!(foreign_source("Astrology"), None);
        assert_eq!(foreign_source(""), None);
    }

    #[test]
    fn company_size_ranges_give_their_lower_bound() {
        assert_eq!(employees_cell("51-200"), "51");
        assert_eq!(employees_cell(" 51 - 200 "), "51");
        assert_eq!(employees_cell("1 to 10"), "1");
        assert_eq!(employees_cell("۵۱ تا ۲۰۰"), "۵۱");
        assert_eq!(employees_cell("10,000+"), "10,000");
        // A negative number is not a range: the form says it is negative.
        assert_eq!(employees_cell("-3"), "-3");
        assert_eq!(employees_cell("12"), "12");
        assert_eq!(employees_cell("many"), "many");
    }
}
