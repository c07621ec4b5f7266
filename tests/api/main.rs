//! Black-box tests of ShopPlan: the real router against real PostgreSQL databases.

mod support;

mod accounts;
mod cli;
mod dashboards;
mod demo;
mod faults;
mod health;
mod i18n;
mod imports;
mod limits;
mod members;
mod pages;
mod plans;
mod roles;
mod rollup;
mod security;
mod shops;
mod signup_mail;
mod tenancy;
mod uploads;
