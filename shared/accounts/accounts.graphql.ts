import { compact } from "../kernel/graphql/compact-input";
import { builder } from "../kernel/graphql/builder";
import type { AccountView, AddressView, EmployeeView, GroupView, LocationView } from "./accounts.repository";
import type { AccountRow } from "./accounts.tables";
import { ACCOUNT_STATUS_NAMES, canOrder } from "./account-status";


export const CustomerGroupType = builder.objectRef<GroupView>("CustomerGroup").implement({
  fields: (t) => ({ id: t.exposeID("id"), code: t.exposeString("code"), name: t.exposeString("name") }),
});

export const AddressType = builder.objectRef<AddressView>("Address").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.exposeString("kind", { description: "shipping | billing" }),
    label: t.exposeString("label", { nullable: true }),
    recipient: t.exposeString("recipient", { nullable: true }),
    company: t.exposeString("company", { nullable: true }),
    line1: t.exposeString("line1"),
    line2: t.exposeString("line2", { nullable: true }),
    city: t.exposeString("city"),
    county: t.exposeString("county", { nullable: true }),
    postalCode: t.exposeString("postalCode"),
    subdivisionCode: t.exposeString("subdivisionCode", { nullable: true, description: 'ISO 3166-2, e.g. "US-CA"' }),
    countryCode: t.exposeString("countryCode"),
    phone: t.exposeString("phone", { nullable: true }),
    isDefault: t.exposeBoolean("isDefault"),
  }),
});

export const EmployeeType = builder.objectRef<EmployeeView>("Employee").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    locationId: t.exposeID("locationId"),
    email: t.exposeString("email"),
    name: t.exposeString("name"),
    role: t.exposeString("role", { description: "admin | approver | buyer | viewer" }),
    spendingLimit: t.exposeInt("spendingLimit", { nullable: true, description: "per-order limit in minor units; null = none" }),
    spendingLimitCurrency: t.exposeString("spendingLimitCurrency", { nullable: true }),
    status: t.exposeString("status", { description: "invited | active | disabled" }),
  }),
});


export const LocationType = builder.objectRef<LocationView>("Location").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    code: t.exposeString("code"),
    preferredCurrency: t.exposeString("preferredCurrency", { nullable: true }),
    pricingContext: t.exposeString("pricingContext", { nullable: true }),
    taxExempt: t.exposeBoolean("taxExempt"),
    taxExemptCertificate: t.exposeString("taxExemptCertificate", { nullable: true }),
    taxExemptJurisdiction: t.exposeString("taxExemptJurisdiction", { nullable: true }),
    taxExemptExpiresOn: t.exposeString("taxExemptExpiresOn", { nullable: true }),
    addresses: t.field({ type: [AddressType], resolve: (l) => l.addresses }),
  }),
});

/** Summary used by lists; AccountType adds the (scope-filtered) hierarchy. */
export const AccountSummaryType = builder.objectRef<AccountRow>("AccountSummary").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    taxId: t.exposeString("taxId", { nullable: true }),
    status: t.exposeInt("status", { description: "0 Prospect … 8 Approved, 9 Active, 10 Suspended, 11 Closed" }),
    statusName: t.string({ resolve: (a) => ACCOUNT_STATUS_NAMES[a.status] ?? String(a.status) }),
    canOrder: t.boolean({ resolve: (a) => canOrder(a) }),
    createdAt: t.field({ type: "DateTime", resolve: (a) => a.createdAt }),
  }),
});

export const AccountType = builder.objectRef<AccountView>("Account").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    taxId: t.exposeString("taxId", { nullable: true }),
    status: t.exposeInt("status"),
    statusName: t.exposeString("statusName"),
    canOrder: t.exposeBoolean("canOrder", { description: "only Active (9) accounts can place orders" }),
    paymentTerms: t.exposeString("paymentTerms"),
    creditLimit: t.exposeInt("creditLimit", { nullable: true, description: "minor units of creditLimitCurrency" }),
    creditLimitCurrency: t.exposeString("creditLimitCurrency", { nullable: true }),
    taxExempt: t.exposeBoolean("taxExempt"),
    taxExemptCertificate: t.exposeString("taxExemptCertificate", { nullable: true }),
    taxExemptJurisdiction: t.exposeString("taxExemptJurisdiction", { nullable: true }),
    taxExemptExpiresOn: t.exposeString("taxExemptExpiresOn", { nullable: true }),
    preferredCurrency: t.exposeString("preferredCurrency", { nullable: true }),
    salesRepStaffId: t.exposeID("salesRepStaffId", { nullable: true, subGraphs: ["admin"] }),
    groups: t.field({ type: [CustomerGroupType], resolve: (a) => a.groups }),
    locations: t.field({ type: [LocationType], description: "location-scoped roles see only their own location", resolve: (a) => a.locations }),
    employees: t.field({ type: [EmployeeType], description: "employees of the locations the caller may see", resolve: (a) => a.employees }),
  }),
});

const AddressInput = builder.inputType("AddressInput", {
  fields: (t) => ({
    kind: t.string({ required: true, description: "shipping | billing" }),
    label: t.string(),
    recipient: t.string(),
    company: t.string(),
    line1: t.string({ required: true }),
    line2: t.string(),
    city: t.string({ required: true }),
    county: t.string(),
    postalCode: t.string({ required: true }),
    subdivisionCode: t.string(),
    countryCode: t.string({ required: true }),
    phone: t.string(),
    isDefault: t.boolean(),
  }),
});
export { AddressInput };

const LocationInput = builder.inputType("LocationInput", {
  fields: (t) => ({
    name: t.string(),
    code: t.string(),
    preferredCurrency: t.string(),
    pricingContext: t.string(),
    taxExempt: t.boolean(),
    taxExemptCertificate: t.string(),
    taxExemptJurisdiction: t.string(),
    taxExemptExpiresOn: t.string(),
  }),
});

const InviteEmployeeInput = builder.inputType("InviteEmployeeInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    name: t.string({ required: true }),
    role: t.string({ required: true }),
    locationId: t.id({ required: true }),
    spendingLimit: t.int(),
    spendingLimitCurrency: t.string(),
  }),
});

const UpdateEmployeeInput = builder.inputType("UpdateEmployeeInput", {
  fields: (t) => ({
    name: t.string(),
    role: t.string(),
    locationId: t.id(),
    spendingLimit: t.int(),
    spendingLimitCurrency: t.string(),
    status: t.string(),
  }),
});

const UpdateAccountInput = builder.inputType("UpdateAccountInput", {
  fields: (t) => ({
    name: t.string(),
    taxId: t.string(),
    paymentTerms: t.string(),
    creditLimit: t.int(),
    creditLimitCurrency: t.string(),
    preferredCurrency: t.string(),
    salesRepStaffId: t.id(),
    taxExempt: t.boolean(),
    taxExemptCertificate: t.string(),
    taxExemptJurisdiction: t.string(),
    taxExemptExpiresOn: t.string(),
  }),
});

// ── shop: the buyer's own account and self-service ───────────────────────────────────────

builder.queryField("myAccount", (t) =>
  t.field({ subGraphs: ["shop"], type: AccountType, resolve: (_r, _a, ctx) => ctx.services.accounts.myAccount(ctx.principal) }),
);

builder.mutationFields((t) => ({
  createLocation: t.field({
    subGraphs: ["shop"],
    type: LocationType,
    args: { input: t.arg({ type: LocationInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.accounts.createLocation(ctx.principal, compact(a.input)),
  }),
  updateLocation: t.field({
    subGraphs: ["shop"],
    type: LocationType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: LocationInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.accounts.updateLocation(ctx.principal, String(a.id), compact(a.input)),
  }),
  addLocationAddress: t.field({
    subGraphs: ["shop"],
    type: AddressType,
    args: { locationId: t.arg.id({ required: true }), input: t.arg({ type: AddressInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.accounts.addLocationAddress(ctx.principal, String(a.locationId), compact(a.input)),
  }),
  removeLocationAddress: t.boolean({
    subGraphs: ["shop"],
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.accounts.removeAddress(ctx.principal, String(a.id)),
  }),
  inviteEmployee: t.field({
    subGraphs: ["shop"],
    type: EmployeeType,
    args: { input: t.arg({ type: InviteEmployeeInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.accounts.inviteEmployee(ctx.principal, compact(a.input, ["spendingLimit"])),
  }),
  updateEmployee: t.field({
    subGraphs: ["shop"],
    type: EmployeeType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateEmployeeInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.accounts.updateEmployee(ctx.principal, String(a.id), compact(a.input)),
  }),
}));

// ── admin: staff back office ─────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  accounts: t.field({
    subGraphs: ["admin"],
    type: [AccountSummaryType],
    args: { status: t.arg.int(), search: t.arg.string(), groupCode: t.arg.string(), first: t.arg.int(), offset: t.arg.int() },
    resolve: (_r, a, ctx) => ctx.services.accounts.list(ctx.principal, compact(a)),
  }),
  account: t.field({
    subGraphs: ["admin"],
    type: AccountType,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.accounts.get(ctx.principal, String(a.id)),
  }),
  customerGroups: t.field({ subGraphs: ["admin"], type: [CustomerGroupType], resolve: (_r, _a, ctx) => ctx.services.accounts.listGroups(ctx.principal) }),
}));

builder.mutationFields((t) => ({
  updateAccount: t.field({
    subGraphs: ["admin"],
    type: AccountType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateAccountInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.accounts.update(ctx.principal, String(a.id), compact(a.input)),
  }),
  setAccountStatus: t.field({
    subGraphs: ["admin"],
    type: AccountType,
    args: { id: t.arg.id({ required: true }), status: t.arg.int({ required: true }), reason: t.arg.string() },
    resolve: (_r, a, ctx) => ctx.services.accounts.setStatus(ctx.principal, String(a.id), a.status, a.reason ?? null),
  }),
  setAccountGroups: t.field({
    subGraphs: ["admin"],
    type: AccountType,
    args: { id: t.arg.id({ required: true }), groupCodes: t.arg.stringList({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.accounts.setGroups(ctx.principal, String(a.id), a.groupCodes),
  }),
  createCustomerGroup: t.field({
    subGraphs: ["admin"],
    type: CustomerGroupType,
    args: { code: t.arg.string({ required: true }), name: t.arg.string({ required: true }), description: t.arg.string() },
    resolve: (_r, a, ctx) => ctx.services.accounts.createGroup(ctx.principal, compact(a)),
  }),
}));
