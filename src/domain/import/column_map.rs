//! Which lead field each column of an imported file fills: proposed from the column's header —
//! our own export's keys, the usual export headers of HubSpot, Pipedrive, Salesforce and Zoho, and
//! Persian headers — and changeable by the user before anything is stored.

use crate::domain::lead_list::normalize_for_search;
use crate::domain::validation::LeadField;
use crate::domain::ActivityKind;

/// What one column of an imported file becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnChoice {
    /// Not imported.
    Ignore,
    /// Fills this field. Only [`LeadField::Tags`] may be filled by several columns (their tags are
    /// joined); for any other field the first column wins.
    Field(LeadField),
    /// First and last name columns are joined into the lead's name (a name column wins over them).
    FirstName,
    LastName,
    /// Kept as a "header: value" line in the lead's notes, so nothing the old CRM knew is lost.
    AddToNotes,
    /// A number the old CRM counted ("Marketing emails opened: 5"): that many activities of this
    /// kind, so the engagement part of the score sees the history (see
    /// [`super::engagement`]).
    EngagementCount(ActivityKind),
}

impl ColumnChoice {
    /// Every choice offered for a column, in the order the user sees them.
    pub fn all() -> Vec<ColumnChoice> {
        let mut all = vec![
            ColumnChoice::Ignore,
            ColumnChoice::Field(LeadField::Name),
            ColumnChoice::FirstName,
            ColumnChoice::LastName,
        ];
        all.extend(
            LeadField::ALL
                .into_iter()
                .filter(|&f| f != LeadField::Name)
                .map(ColumnChoice::Field),
        );
        all.push(ColumnChoice::AddToNotes);
        all.extend(
            ActivityKind::ALL
                .into_iter()
                .filter(|&kind| kind != ActivityKind::Note)
                .map(ColumnChoice::EngagementCount),
        );
        all
    }

    /// Stable key: a field's key, or `ignore`, `first_name`, `last_name`, `add_to_notes`, or
    /// `count_` and an activity kind's key.
    pub fn key(self) -> String {
        match self {
            ColumnChoice::Ignore => "ignore".to_owned(),
            ColumnChoice::Field(field) => field.key().to_owned(),
            ColumnChoice::FirstName => "first_name".to_owned(),
            ColumnChoice::LastName => "last_name".to_owned(),
            ColumnChoice::AddToNotes => "add_to_notes".to_owned(),
            ColumnChoice::EngagementCount(kind) => format!("count_{}", kind.key()),
        }
    }

    pub fn from_key(key: &str) -> Option<ColumnChoice> {
        ColumnChoice::all().into_iter().find(|c| c.key() == key)
    }
}

/// Header spellings per choice, compared after [`normalize_header`]. A field's own key comes
/// first: that is what our export writes.
fn aliases(choice: ColumnChoice) -> &'static [&'static str] {
    use LeadField as F;
    match choice {
        ColumnChoice::Ignore => &[],
        ColumnChoice::EngagementCount(kind) => count_aliases(kind),
        ColumnChoice::FirstName => &[
            "first name",
            "firstname",
            "given name",
            "person first name",
            "نام کوچک",
        ],
        ColumnChoice::LastName => &[
            "last name",
            "lastname",
            "surname",
            "family name",
            "person last name",
            "نام خانوادگی",
        ],
        ColumnChoice::AddToNotes => &[
            "annual revenue",
            "organization annual revenue",
            "state",
            "state region",
            "province",
            "استان",
            "rating",
            "lead rating",
            "website",
            "website url",
            "organization website",
            "درآمد سالانه",
            "وب سایت",
        ],
        ColumnChoice::Field(field) => match field {
            F::Name => &[
                "name",
                "full name",
                "contact",
                "contact name",
                "lead name",
                "person name",
                "person",
                "نام",
                "نام و نام خانوادگی",
                "نام کامل",
            ],
            F::Company => &[
                "company",
                "company name",
                "organization",
                "organisation",
                "organization name",
                "person organization",
                "account name",
                "شرکت",
                "سازمان",
                "نام شرکت",
            ],
            F::JobTitle => &[
                "job_title",
                "job title",
                "title",
                "position",
                "designation",
                "role title",
                "person job title",
                "سمت",
                "عنوان شغلی",
            ],
            F::Email => &[
                "email",
                "e-mail",
                "email address",
                "person email",
                "work email",
                "ایمیل",
                "پست الکترونیک",
                "رایانامه",
            ],
            F::Phone => &[
                "phone",
                "mobile",
                "telephone",
                "phone number",
                "mobile phone",
                "mobile phone number",
                "mobile number",
                "person phone",
                "cell",
                "تلفن",
                "موبایل",
                "همراه",
                "شماره تماس",
                "تلفن همراه",
                "شماره موبایل",
            ],
            F::Source => &[
                "source",
                "lead source",
                "original source",
                "lead lead source",
                "منبع",
                "منبع سرنخ",
            ],
            F::Industry => &[
                "industry",
                "sector",
                "organization industry",
                "صنعت",
                "حوزه فعالیت",
            ],
            F::Employees => &[
                "employees",
                "employee count",
                "number of employees",
                "no of employees",
                "no. of employees",
                "organization number of employees",
                "company size",
                "size",
                "تعداد کارکنان",
                "تعداد کارمندان",
                "اندازه شرکت",
            ],
            F::City => &[
                "city",
                "mailing city",
                "organization address city",
                "person address city",
                "شهر",
            ],
            F::Country => &[
                "country",
                "country region",
                "mailing country",
                "organization address country",
                "کشور",
            ],
            F::Budget => &["budget", "بودجه"],
            F::Currency => &["currency", "واحد پول", "ارز"],
            F::DecisionRole => &[
                "decision_role",
                "decision role",
                "authority",
                "نقش در تصمیم گیری",
                "نقش",
            ],
            F::Need => &["need", "needs", "pain", "نیاز"],
            F::Timeline => &[
                "timeline",
                "purchase date",
                "expected purchase",
                "زمان خرید",
            ],
            F::JourneyStage => &[
                "journey_stage",
                "journey stage",
                "stage",
                "مرحله سفر مشتری",
                "مرحله",
            ],
            F::Owner => &[
                "owner",
                "lead owner",
                "contact owner",
                "hubspot owner",
                "lead owner name",
                "sales rep",
                "rep",
                "assigned to",
                "مسئول",
                "کارشناس فروش",
            ],
            F::Tags => &[
                "tags",
                "labels",
                "lead status",
                "status",
                "lifecycle stage",
                "lead labels",
                "برچسب ها",
                "برچسب",
                "وضعیت",
            ],
            F::Notes => &[
                "notes",
                "note",
                "comments",
                "description",
                "یادداشت ها",
                "یادداشت",
                "توضیحات",
            ],
        },
    }
}

/// Headers of the counts other CRMs export (HubSpot's "Marketing emails opened", "Number of
/// Pageviews", Pipedrive's "Email messages count" …) and their Persian equivalents.
fn count_aliases(kind: ActivityKind) -> &'static [&'static str] {
    use ActivityKind as K;
    match kind {
        K::EmailSent => &[
            "marketing emails delivered",
            "marketing emails sent",
            "emails sent",
            "number of emails sent",
            "email messages count",
            "person email messages count",
            "تعداد ایمیل های ارسال شده",
        ],
        K::EmailOpened => &[
            "marketing emails opened",
            "emails opened",
            "number of emails opened",
            "email opens",
            "تعداد ایمیل های باز شده",
        ],
        K::EmailReplied => &[
            "marketing emails replied",
            "emails replied",
            "number of replies",
            "email replies",
            "تعداد پاسخ ها",
        ],
        K::EmailBounced => &["marketing emails bounced", "emails bounced", "bounces"],
        K::SiteVisit => &[
            "number of pageviews",
            "number of sessions",
            "page views",
            "pageviews",
            "site visits",
            "website visits",
            "تعداد بازدید",
            "تعداد بازدید از سایت",
        ],
        K::FormSubmitted => &[
            "number of form submissions",
            "form submissions",
            "تعداد فرم های ارسال شده",
        ],
        K::Call => &[
            "number of calls",
            "calls made",
            "تعداد تماس",
            "تعداد تماس ها",
        ],
        K::Meeting => &[
            "number of meetings",
            "meetings",
            "تعداد جلسات",
            "تعداد جلسه",
        ],
        K::WebinarAttended => &["webinars attended", "number of webinars attended"],
        K::ContentDownload => &["content downloads", "number of downloads", "downloads"],
        _ => &[],
    }
}

/// A header compared as words: case, Persian and Arabic letter forms, digits, ZWNJ, `_`, `-`,
/// `/`, `.` and repeated spaces do not matter ("Country/Region" = "country region").
pub(super) fn normalize_header(header: &str) -> String {
    normalize_for_search(&header.replace('\u{200c}', " "))
        .replace(['_', '-', '/', '.', ':'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The choice a header alone suggests.
fn choice_for_header(header: &str) -> ColumnChoice {
    let wanted = normalize_header(header);
    if wanted.is_empty() {
        return ColumnChoice::Ignore;
    }
    let mut candidates = vec![ColumnChoice::FirstName, ColumnChoice::LastName];
    candidates.extend(LeadField::ALL.map(ColumnChoice::Field));
    candidates.push(ColumnChoice::AddToNotes);
    candidates.extend(ActivityKind::ALL.map(ColumnChoice::EngagementCount));
    candidates
        .into_iter()
        .find(|&choice| {
            aliases(choice)
                .iter()
                .any(|alias| normalize_header(alias) == wanted)
        })
        .unwrap_or(ColumnChoice::Ignore)
}

/// The proposed choice for every column of a file with these headers. A field is filled by the
/// first column proposing it (tags and notes lines take every column); where a file has a
/// last-name column, a bare "Name" / "نام" column is its first name (Persian exports write
/// نام and نام خانوادگی side by side).
pub fn propose_columns<S: AsRef<str>>(headers: &[S]) -> Vec<ColumnChoice> {
    let raw: Vec<ColumnChoice> = headers
        .iter()
        .map(|h| choice_for_header(h.as_ref()))
        .collect();
    let has_last_name = raw.contains(&ColumnChoice::LastName);
    let mut proposed: Vec<ColumnChoice> = Vec::with_capacity(raw.len());
    for (header, mut choice) in headers.iter().zip(raw) {
        if has_last_name
            && choice == ColumnChoice::Field(LeadField::Name)
            && ["name", "نام"].contains(&normalize_header(header.as_ref()).as_str())
        {
            choice = ColumnChoice::FirstName;
        }
        if is_single(choice) && proposed.contains(&choice) {
            choice = ColumnChoice::Ignore;
        }
        proposed.push(choice);
    }
    proposed
}

/// Whether only one column may make this choice.
fn is_single(choice: ColumnChoice) -> bool {
    !matches!(
        choice,
        ColumnChoice::Ignore | ColumnChoice::AddToNotes | ColumnChoice::Field(LeadField::Tags)
    )
}

/// Whether columns with these choices give every row a name (a name, or first / last names).
pub fn names_leads(columns: &[ColumnChoice]) -> bool {
    columns.iter().any(|c| {
        matches!(
            c,
            ColumnChoice::Field(LeadField::Name) | ColumnChoice::FirstName | ColumnChoice::LastName
        )
    })
}

/// The first column making a single choice twice, if any: the user picked one field for two
/// columns, which would silently drop one of them.
pub fn repeated_choice(columns: &[ColumnChoice]) -> Option<ColumnChoice> {
    columns
        .iter()
        .enumerate()
        .find(|&(i, &c)| is_single(c) && columns[..i].contains(&c))
        .map(|(_, &c)| c)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use ColumnChoice::*;
    use LeadField as F;

    #[test]
    fn hubspot_contact_export_headers_are_proposed() {
        let headers = [
            "Record ID",
            "First Name",
            "Last Name",
            "Email",
            "Phone Number",
            "Mobile Phone Number",
            "Company Name",
            "Job Title",
            "Lead Status",
            "Lifecycle Stage",
            "Contact owner",
            "Industry",
            "Number of Employees",
            "Annual Revenue",
            "City",
            "Country/Region",
            "Original Source",
        ];
        assert_eq!(
            propose_columns(&headers),
            [
                Ignore,
                FirstName,
                LastName,
                Field(F::Email),
                Field(F::Phone),
                Ignore, // the phone is taken by the first phone column
                Field(F::Company),
                Field(F::JobTitle),
                Field(F::Tags),
                Field(F::Tags),
                Field(F::Owner),
                Field(F::Industry),
                Field(F::Employees),
                AddToNotes,
                Field(F::City),
                Field(F::Country),
                Field(F::Source),
            ]
        );
    }

    #[test]
    fn pipedrive_salesforce_and_zoho_headers_are_proposed() {
        assert_eq!(
            propose_columns(&[
                "Person - Name",
                "Person - Email",
                "Person - Phone",
                "Organization - Name",
                "Lead - Owner",
                "Lead - Source",
            ]),
            [
                Field(F::Name),
                Field(F::Email),
                Field(F::Phone),
                Field(F::Company),
                Field(F::Owner),
                Field(F::Source),
            ]
        );
        assert_eq!(
            propose_columns(&[
                "First Name",
                "Last Name",
                "Title",
                "Company",
                "Mobile",
                "Lead Source",
                "No. of Employees",
                "Lead Owner",
                "Description",
            ]),
            [
                FirstName,
                LastName,
                Field(F::JobTitle),
                Field(F::Company),
                Field(F::Phone),
                Field(F::Source),
                Field(F::Employees),
                Field(F::Owner),
                Field(F::Notes),
            ]
        );
        assert_eq!(
            propose_columns(&["Designation", "No of Employees", "Rating"]),
            [Field(F::JobTitle), Field(F::Employees), AddToNotes]
        );
    }

    #[test]
    fn persian_first_and_last_name_columns_are_joined_not_clobbered() {
        assert_eq!(
            propose_columns(&[
                "نام",
                "نام خانوادگی",
                "شرکت",
                "موبایل",
                "منبع",
                "صنعت",
                "شهر"
            ]),
            [
                FirstName,
                LastName,
                Field(F::Company),
                Field(F::Phone),
                Field(F::Source),
                Field(F::Industry),
                Field(F::City),
            ]
        );
        // Alone, نام is the whole name.
        assert_eq!(
            propose_columns(&["نام", "ایمیل"]),
            [Field(F::Name), Field(F::Email)]
        );
    }

    #[test]
    fn every_choice_key_reads_back() {
        for choice in ColumnChoice::all() {
            assert_eq!(ColumnChoice::from_key(&choice.key()), Some(choice));
        }
    }

    #[test]
    fn repeats_and_missing_names_are_found() {
        assert_eq!(
            repeated_choice(&[Field(F::Email), Field(F::Email)]),
            Some(Field(F::Email))
        );
        assert_eq!(
            repeated_choice(&[Field(F::Tags), Field(F::Tags), AddToNotes, AddToNotes]),
            None
        );
        assert!(names_leads(&[LastName]));
        assert!(!names_leads(&[Field(F::Email), AddToNotes]));
    }
}
