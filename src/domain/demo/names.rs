//! The words a demo is made of, in each language: people, companies, cities, industries the
//! default scoring model knows, job titles, needs, reps.

use super::DemoLanguage;

pub struct Names {
    pub first: &'static [&'static str],
    pub last: &'static [&'static str],
    pub companies: &'static [&'static str],
    pub cities: &'static [&'static str],
    pub industries: &'static [&'static str],
    pub titles: &'static [&'static str],
    pub needs: &'static [&'static str],
    pub tags: &'static [&'static str],
    pub reps: &'static [&'static str],
    /// Typed reasons a deal was lost or put on hold (shown as typed, like a user's).
    pub lost_reasons: &'static [&'static str],
    pub hold_reasons: &'static [&'static str],
    pub country: &'static str,
    /// Latin spellings of the first and last names, for e-mail addresses, in the same order.
    latin_first: &'static [&'static str],
    latin_last: &'static [&'static str],
}

impl Names {
    pub fn of(language: DemoLanguage) -> Names {
        match language {
            DemoLanguage::English => ENGLISH,
            DemoLanguage::Persian => PERSIAN,
        }
    }

    /// A name as it may appear in an e-mail address.
    pub fn latin(&self, name: &str) -> String {
        let spelled = self
            .first
            .iter()
            .position(|n| *n == name)
            .map(|i| self.latin_first[i])
            .or_else(|| {
                self.last
                    .iter()
                    .position(|n| *n == name)
                    .map(|i| self.latin_last[i])
            })
            .unwrap_or(name);
        spelled.to_ascii_lowercase().replace(' ', "")
    }

    /// The company's e-mail domain.
    pub fn email_domain(&self, company: &str) -> String {
        let index = self
            .companies
            .iter()
            .position(|c| *c == company)
            .unwrap_or(0);
        format!("company{}.example", index + 1)
    }
}

const LATIN_FIRST: &[&str] = &[
    "Sara", "Reza", "Maryam", "Ali", "Niloofar", "Hamid", "Parisa", "Omid", "Leila", "Kaveh",
    "Shirin", "Babak", "Mina", "Farhad", "Elham", "Arash",
];
const LATIN_LAST: &[&str] = &[
    "Ahmadi",
    "Karimi",
    "Hosseini",
    "Rezaei",
    "Moradi",
    "Mohammadi",
    "Jafari",
    "Rahimi",
    "Sadeghi",
    "Kazemi",
    "Ebrahimi",
    "Tehrani",
];

const ENGLISH: Names = Names {
    first: &[
        "Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Sophia", "Lucas", "Mia", "Ethan",
        "Grace", "Daniel", "Chloe", "Henry", "Zoe", "Samuel",
    ],
    last: &[
        "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clark", "Walker", "Hall", "Young",
        "King", "Wright", "Green",
    ],
    companies: &[
        "Northwind Traders",
        "Contoso Ltd",
        "Fabrikam",
        "Blue Yonder Airlines",
        "Tailspin Toys",
        "Litware Inc",
        "Adventure Works",
        "Proseware",
        "Wide World Importers",
        "Coho Winery",
        "Margie's Travel",
        "Lucerne Publishing",
        "Alpine Ski House",
        "Trey Research",
        "Humongous Insurance",
        "Woodgrove Bank",
    ],
    cities: &[
        "London",
        "Manchester",
        "Berlin",
        "Toronto",
        "Dubai",
        "Tehran",
        "Istanbul",
        "Boston",
    ],
    industries: &[
        "Software",
        "IT services",
        "Manufacturing",
        "Distribution",
        "Retail",
        "E-commerce",
        "Healthcare",
        "Education",
        "Government",
    ],
    titles: &[
        "CEO",
        "Head of Sales",
        "IT Manager",
        "Operations Director",
        "Procurement Lead",
        "Marketing Manager",
        "CFO",
    ],
    needs: &[
        "Track leads from trade shows in one place",
        "Forecast the quarter against targets",
        "Stop losing follow-ups after the first call",
        "Replace spreadsheets the team shares by e-mail",
        "",
    ],
    tags: &["VIP", "Partner", "Trade show 2026", "Newsletter"],
    reps: &["Sara Lee", "Omid Rahimi", "Grace Hall"],
    lost_reasons: &[
        "Chose a competitor",
        "No budget this year",
        "Project cancelled",
        "Price too high",
    ],
    hold_reasons: &[
        "Waiting for the next budget round",
        "Decision maker on leave",
    ],
    country: "UK",
    latin_first: &[
        "Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Sophia", "Lucas", "Mia", "Ethan",
        "Grace", "Daniel", "Chloe", "Henry", "Zoe", "Samuel",
    ],
    latin_last: &[
        "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clark", "Walker", "Hall", "Young",
        "King", "Wright", "Green",
    ],
};

const PERSIAN: Names = Names {
    first: &[
        "سارا",
        "رضا",
        "مریم",
        "علی",
        "نیلوفر",
        "حمید",
        "پریسا",
        "امید",
        "لیلا",
        "کاوه",
        "شیرین",
        "بابک",
        "مینا",
        "فرهاد",
        "الهام",
        "آرش",
    ],
    last: &[
        "احمدی",
        "کریمی",
        "حسینی",
        "رضایی",
        "مرادی",
        "محمدی",
        "جعفری",
        "رحیمی",
        "صادقی",
        "کاظمی",
        "ابراهیمی",
        "تهرانی",
    ],
    companies: &[
        "پخش البرز",
        "نرم‌افزار آرین",
        "صنایع غذایی مهرگان",
        "فناوران پارس",
        "فروشگاه اینترنتی دیجی‌بازار",
        "تولیدی نگین",
        "بیمه آسایش",
        "آموزشگاه دانش‌پژوهان",
        "درمانگاه سلامت نو",
        "بازرگانی کاسپین",
        "راهکار ابری سپهر",
        "چاپ و نشر ققنوس",
        "کاشی زاگرس",
        "خدمات فناوری رایان",
        "لبنیات کوهپایه",
        "طراحی وب آوا",
    ],
    cities: &[
        "تهران",
        "اصفهان",
        "مشهد",
        "شیراز",
        "تبریز",
        "کرج",
        "رشت",
        "اهواز",
    ],
    industries: &[
        "نرم‌افزار",
        "خدمات فناوری اطلاعات",
        "تولید",
        "پخش",
        "خرده‌فروشی",
        "فروشگاه اینترنتی",
        "سلامت",
        "آموزش",
        "دولتی",
    ],
    titles: &[
        "مدیرعامل",
        "مدیر فروش",
        "مدیر فناوری اطلاعات",
        "مدیر عملیات",
        "کارشناس خرید",
        "مدیر بازاریابی",
    ],
    needs: &[
        "سرنخ‌های نمایشگاه در یک جا ثبت شود",
        "پیش‌بینی فروش فصل در برابر هدف",
        "پیگیری‌ها بعد از تماس اول فراموش نشود",
        "جایگزینی فایل‌های اکسل مشترک تیم",
        "",
    ],
    tags: &["ویژه", "همکار", "نمایشگاه ۱۴۰۵", "خبرنامه"],
    reps: &["سارا احمدی", "امید رحیمی", "لیلا کاظمی"],
    lost_reasons: &[
        "رقیب را انتخاب کرد",
        "امسال بودجه ندارند",
        "پروژه لغو شد",
        "قیمت بالا بود",
    ],
    hold_reasons: &["منتظر بودجهٔ دورهٔ بعد", "تصمیم‌گیرنده در مرخصی است"],
    country: "ایران",
    latin_first: LATIN_FIRST,
    latin_last: LATIN_LAST,
};
