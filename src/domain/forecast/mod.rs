//! Sales forecasts against targets, per period, per rep and for the team.
