/** GraphQL for B2C customers, registration/approval and staff management. */
import { builder } from "../kernel/graphql/builder";
import { AuthPayloadType } from "../auth/auth.graphql";
import { compact } from "../kernel/graphql/compact-input";
import { AddressInput, AddressType, CustomerGroupType } from "./accounts.graphql";
import type { CustomerView } from "./customers.service";
import type { ApplicationReceipt } from "./registration.service";
import type { RoleView, StaffView } from "./staff.service";
import { ACCOUNT_STATUS_NAMES } from "./account-status";

const CustomerType = builder.objectRef<CustomerView>("Customer").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    email: t.exposeString("email"),
    name: t.exposeString("name"),
    phone: t.exposeString("phone", { nullable: true }),
    preferredCurrency: t.exposeString("preferredCurrency", { nullable: true }),
    status: t.exposeString("status"),
    groups: t.field({ type: [CustomerGroupType], resolve: (c) => c.groups }),
    addresses: t.field({ type: [AddressType], resolve: (c) => c.addresses }),
  }),
});

const ApplicationReceiptType = builder.objectRef<ApplicationReceipt>("ApplicationReceipt").implement({
  fields: (t) => ({
    accountId: t.exposeID("accountId"),
    status: t.exposeInt("status"),
    uploadToken: t.exposeString("uploadToken", { description: "the applicant's secret for uploadApplicationDocument; shown once" }),
    requiredDocuments: t.exposeStringList("requiredDocuments"),
  }),
});

const UploadResult = builder.objectRef<{ documentType: string; missing: string[] }>("ApplicationUploadResult").implement({
  fields: (t) => ({ documentType: t.exposeString("documentType"), missingDocuments: t.exposeStringList("missing") }),
});

interface QueueDoc {
  id: string;
  documentType: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: Date;
}
const ApplicationDocumentType = builder.objectRef<QueueDoc>("ApplicationDocument").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    documentType: t.exposeString("documentType"),
    fileName: t.exposeString("fileName"),
    contentType: t.exposeString("contentType"),
    sizeBytes: t.exposeInt("sizeBytes"),
    uploadedAt: t.field({ type: "DateTime", resolve: (d) => d.uploadedAt }),
  }),
});

interface QueueItem {
  accountId: string;
  accountName: string;
  taxId: string | null;
  status: number;
  contactName: string;
  contactEmail: string;
  jurisdiction: string;
  submittedAt: Date;
  remindersSent: number;
  documents: QueueDoc[];
  missingDocuments: string[];
}
const PendingApplicationType = builder.objectRef<QueueItem>("PendingApplication").implement({
  fields: (t) => ({
    accountId: t.exposeID("accountId"),
    accountName: t.exposeString("accountName"),
    taxId: t.exposeString("taxId", { nullable: true }),
    status: t.exposeInt("status"),
    statusName: t.string({ resolve: (q) => ACCOUNT_STATUS_NAMES[q.status] ?? String(q.status) }),
    contactName: t.exposeString("contactName"),
    contactEmail: t.exposeString("contactEmail"),
    jurisdiction: t.exposeString("jurisdiction"),
    submittedAt: t.field({ type: "DateTime", resolve: (q) => q.submittedAt }),
    remindersSent: t.exposeInt("remindersSent"),
    documents: t.field({ type: [ApplicationDocumentType], resolve: (q) => q.documents }),
    missingDocuments: t.exposeStringList("missingDocuments"),
  }),
});

const DecisionResult = builder.objectRef<{ accountId: string; accepted: boolean }>("ApplicationDecisionResult").implement({
  fields: (t) => ({ accountId: t.exposeID("accountId"), accepted: t.exposeBoolean("accepted") }),
});
const InvitationType = builder.objectRef<{ code: string; skipToStatus: number }>("InvitationCode").implement({
  fields: (t) => ({ code: t.exposeString("code", { description: "shown once" }), skipToStatus: t.exposeInt("skipToStatus") }),
});

const StaffType = builder.objectRef<StaffView>("StaffMember").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    email: t.exposeString("email"),
    name: t.exposeString("name"),
    status: t.exposeString("status"),
    totpEnabled: t.exposeBoolean("totpEnabled"),
    roleCodes: t.exposeStringList("roleCodes"),
  }),
});
const RoleType = builder.objectRef<RoleView>("StaffRole").implement({
  fields: (t) => ({ id: t.exposeID("id"), code: t.exposeString("code"), name: t.exposeString("name"), permissions: t.exposeStringList("permissions") }),
});

const RegisterCustomerInput = builder.inputType("RegisterCustomerInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
    name: t.string({ required: true }),
    phone: t.string(),
    preferredCurrency: t.string(),
  }),
});
const CustomerProfileInput = builder.inputType("CustomerProfileInput", {
  fields: (t) => ({ name: t.string(), phone: t.string(), preferredCurrency: t.string() }),
});
const AccountApplicationInput = builder.inputType("AccountApplicationInput", {
  fields: (t) => ({
    companyName: t.string({ required: true }),
    taxId: t.string({ required: true }),
    contactName: t.string({ required: true }),
    contactEmail: t.string({ required: true }),
    contactPhone: t.string(),
    password: t.string({ required: true }),
    jurisdiction: t.string({ required: true, description: 'ISO 3166-2 subdivision ("US-CA") or country' }),
    preferredCurrency: t.string(),
    addresses: t.field({ type: [AddressInput], required: true }),
    invitationCode: t.string(),
  }),
});
const DocumentUploadInput = builder.inputType("DocumentUploadInput", {
  fields: (t) => ({
    documentType: t.string({ required: true }),
    fileName: t.string({ required: true }),
    contentType: t.string({ required: true }),
    contentBase64: t.string({ required: true }),
  }),
});
const InvitationInput = builder.inputType("InvitationCodeInput", {
  fields: (t) => ({ skipToStatus: t.int({ required: true }), groupCodes: t.stringList(), maxUses: t.int(), expiresAt: t.field({ type: "DateTime" }) }),
});
const CreateStaffInput = builder.inputType("CreateStaffInput", {
  fields: (t) => ({ email: t.string({ required: true }), name: t.string({ required: true }), password: t.string({ required: true }), roleCodes: t.stringList({ required: true }) }),
});
const CreateRoleInput = builder.inputType("CreateStaffRoleInput", {
  fields: (t) => ({ code: t.string({ required: true }), name: t.string({ required: true }), permissions: t.stringList({ required: true }) }),
});
const DecisionEnum = builder.enumType("ApplicationDecisionKind", { values: ["APPROVE", "REJECT", "REQUEST_DOCUMENTS"] as const });

builder.queryFields((t) => ({
  me: t.field({ subGraphs: ["shop"], type: CustomerType, description: "the signed-in B2C customer", resolve: (_r, _a, ctx) => ctx.services.customers.me(ctx.principal) }),
  customers: t.field({
    subGraphs: ["admin"],
    type: [CustomerType],
    args: { search: t.arg.string(), first: t.arg.int() },
    resolve: (_r, a, ctx) => ctx.services.customers.list(ctx.principal, a.search ?? null, a.first ?? 25),
  }),
  customer: t.field({
    subGraphs: ["admin"],
    type: CustomerType,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.customers.get(ctx.principal, String(a.id)),
  }),
  pendingApplications: t.field({
    subGraphs: ["admin"],
    type: [PendingApplicationType],
    args: { first: t.arg.int() },
    resolve: (_r, a, ctx) => ctx.services.registration.queue(ctx.principal, a.first ?? 50),
  }),
  staffMembers: t.field({ subGraphs: ["admin"], type: [StaffType], resolve: (_r, _a, ctx) => ctx.services.staff.list(ctx.principal) }),
  staffRoles: t.field({ subGraphs: ["admin"], type: [RoleType], resolve: (_r, _a, ctx) => ctx.services.staff.listRoles(ctx.principal) }),
}));

builder.mutationFields((t) => ({
  registerCustomer: t.field({
    subGraphs: ["shop"],
    type: AuthPayloadType,
    args: { input: t.arg({ type: RegisterCustomerInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.customers.register(compact(a.input)),
  }),
  updateMyProfile: t.field({
    subGraphs: ["shop"],
    type: CustomerType,
    args: { input: t.arg({ type: CustomerProfileInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.customers.updateProfile(ctx.principal, compact(a.input)),
  }),
  addMyAddress: t.field({
    subGraphs: ["shop"],
    type: AddressType,
    args: { input: t.arg({ type: AddressInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.customers.addAddress(ctx.principal, compact(a.input)),
  }),
  removeMyAddress: t.boolean({
    subGraphs: ["shop"],
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.customers.removeAddress(ctx.principal, String(a.id)),
  }),
  applyForAccount: t.field({
    subGraphs: ["shop"],
    type: ApplicationReceiptType,
    args: { input: t.arg({ type: AccountApplicationInput, required: true }) },
    resolve: (_r, a, ctx) => {
      const { addresses, ...rest } = a.input;
      return ctx.services.registration.apply({ ...compact(rest), addresses: addresses.map((x) => compact(x)) });
    },
  }),
  uploadApplicationDocument: t.field({
    subGraphs: ["shop"],
    type: UploadResult,
    args: { accountId: t.arg.id({ required: true }), uploadToken: t.arg.string({ required: true }), input: t.arg({ type: DocumentUploadInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.registration.uploadDocument(String(a.accountId), a.uploadToken, a.input),
  }),
  decideApplication: t.field({
    subGraphs: ["admin"],
    type: DecisionResult,
    args: {
      accountId: t.arg.id({ required: true }),
      decision: t.arg({ type: DecisionEnum, required: true }),
      reason: t.arg.string(),
      documentTypes: t.arg.stringList(),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.registration.decide(ctx.principal, String(a.accountId), a.decision.toLowerCase() as "approve" | "reject" | "request_documents", {
        reason: a.reason,
        documentTypes: a.documentTypes,
      }),
  }),
  createInvitationCode: t.field({
    subGraphs: ["admin"],
    type: InvitationType,
    args: { input: t.arg({ type: InvitationInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.registration.createInvitation(ctx.principal, compact(a.input)),
  }),
  setCustomerGroups: t.field({
    subGraphs: ["admin"],
    type: CustomerType,
    args: { id: t.arg.id({ required: true }), groupCodes: t.arg.stringList({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.customers.setGroups(ctx.principal, String(a.id), a.groupCodes),
  }),
  createStaffMember: t.field({
    subGraphs: ["admin"],
    type: StaffType,
    args: { input: t.arg({ type: CreateStaffInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.staff.create(ctx.principal, a.input),
  }),
  createStaffRole: t.field({
    subGraphs: ["admin"],
    type: RoleType,
    args: { input: t.arg({ type: CreateRoleInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.staff.createRole(ctx.principal, a.input),
  }),
}));
