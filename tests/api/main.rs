//! Black-box tests of ShopPlan: the real router against real PostgreSQL databases.

mod support;

mod cli;
mod health;
mod i18n;
mod pages;
