//! The names of the figures the reports show, so every screen and chart labels a metric the same
//! way in both languages.

/// A reported figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    StageConversion,
    WinRate,
    AverageDealSize,
    SalesCycle,
    SalesVelocityPerDay,
    SalesVelocityPerMonth,
    OpenDeals,
    LeadToDeal,
    DealToWon,
    LeadToWon,
    Leads,
    QualifiedShare,
    WonShare,
    Revenue,
    DealCount,
    TotalValue,
    WeightedValue,
    WonSoFar,
    Target,
    Gap,
    Remaining,
    TotalCost,
    Yield,
    CostPerSale,
}

impl Metric {
    /// Every metric.
    pub const ALL: [Metric; 24] = [
        Metric::StageConversion,
        Metric::WinRate,
        Metric::AverageDealSize,
        Metric::SalesCycle,
        Metric::SalesVelocityPerDay,
        Metric::SalesVelocityPerMonth,
        Metric::OpenDeals,
        Metric::LeadToDeal,
        Metric::DealToWon,
        Metric::LeadToWon,
        Metric::Leads,
        Metric::QualifiedShare,
        Metric::WonShare,
        Metric::Revenue,
        Metric::DealCount,
        Metric::TotalValue,
        Metric::WeightedValue,
        Metric::WonSoFar,
        Metric::Target,
        Metric::Gap,
        Metric::Remaining,
        Metric::TotalCost,
        Metric::Yield,
        Metric::CostPerSale,
    ];

    /// Translation key of the metric's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Metric::StageConversion => "metric.stage_conversion",
            Metric::WinRate => "metric.win_rate",
            Metric::AverageDealSize => "metric.average_deal_size",
            Metric::SalesCycle => "metric.sales_cycle",
            Metric::SalesVelocityPerDay => "metric.velocity_per_day",
            Metric::SalesVelocityPerMonth => "metric.velocity_per_month",
            Metric::OpenDeals => "metric.open_deals",
            Metric::LeadToDeal => "metric.lead_to_deal",
            Metric::DealToWon => "metric.deal_to_won",
            Metric::LeadToWon => "metric.lead_to_won",
            Metric::Leads => "metric.leads",
            Metric::QualifiedShare => "metric.qualified_share",
            Metric::WonShare => "metric.won_share",
            Metric::Revenue => "metric.revenue",
            Metric::DealCount => "metric.deal_count",
            Metric::TotalValue => "metric.total_value",
            Metric::WeightedValue => "metric.weighted_value",
            Metric::WonSoFar => "metric.won_so_far",
            Metric::Target => "metric.target",
            Metric::Gap => "metric.gap",
            Metric::Remaining => "metric.remaining",
            Metric::TotalCost => "metric.total_cost",
            Metric::Yield => "metric.yield",
            Metric::CostPerSale => "metric.cost_per_sale",
        }
    }

    /// Translation key of a one-line explanation (a tooltip or the chart's description).
    pub fn help_key(self) -> &'static str {
        match self {
            Metric::StageConversion => "metric_help.stage_conversion",
            Metric::WinRate => "metric_help.win_rate",
            Metric::AverageDealSize => "metric_help.average_deal_size",
            Metric::SalesCycle => "metric_help.sales_cycle",
            Metric::SalesVelocityPerDay => "metric_help.velocity_per_day",
            Metric::SalesVelocityPerMonth => "metric_help.velocity_per_month",
            Metric::OpenDeals => "metric_help.open_deals",
            Metric::LeadToDeal => "metric_help.lead_to_deal",
            Metric::DealToWon => "metric_help.deal_to_won",
            Metric::LeadToWon => "metric_help.lead_to_won",
            Metric::Leads => "metric_help.leads",
            Metric::QualifiedShare => "metric_help.qualified_share",
            Metric::WonShare => "metric_help.won_share",
            Metric::Revenue => "metric_help.revenue",
            Metric::DealCount => "metric_help.deal_count",
            Metric::TotalValue => "metric_help.total_value",
            Metric::WeightedValue => "metric_help.weighted_value",
            Metric::WonSoFar => "metric_help.won_so_far",
            Metric::Target => "metric_help.target",
            Metric::Gap => "metric_help.gap",
            Metric::Remaining => "metric_help.remaining",
            Metric::TotalCost => "metric_help.total_cost",
            Metric::Yield => "metric_help.yield",
            Metric::CostPerSale => "metric_help.cost_per_sale",
        }
    }
}
