//! Membership groups with dates (UN, Rome Statute, UN regional groups, EU).
