signup-title = Create your organization
signup-lead = One organization for your e-commerce department or agency; invite your team once you are in.
signup-organization = Organization name
signup-organization-hint = E.g. your company's e-commerce department, or your agency.
signup-submit = Create organization
signup-have-account = Already have an account?
signup-email-taken = An account with this e-mail already exists. Log in instead, then create another organization from “Switch organization”.
login-title = Log in
login-submit = Log in
login-no-account = New to ShopPlan?
login-failed = The e-mail or the password is wrong.
login-throttled = Too many failed attempts. Wait a few minutes, then try again.
login-no-organization = You are no longer a member of any organization. Ask an administrator for a new invitation.
login-choose-organization = You belong to several organizations: say which one with organization_id.
login-organization-option = { $name } ({ $id })

password-hint = 10 to 128 characters. A long phrase is easier to remember than symbols.
password-too-short = Use at least { $min } characters.
password-blank = A password cannot be only spaces.
password-too-long = Use at most { $max } characters.
password-common = This password is among the most common ones and is easy to guess. Choose another.
password-personal = Do not use your e-mail address or name as the password.
password-mismatch = The two new passwords differ.
password-current-wrong = The current password is wrong.

account-title = Your account
account-profile = Profile
account-role = Role
account-language = Language
account-language-browser = As my browser says
account-password = Password
account-password-lead = Changing the password logs you out everywhere else and revokes your API tokens.
account-current-password = Current password
account-new-password = New password
account-confirm-password = New password again
account-change-password = Change password
account-sessions = Sessions
account-sessions-lead = Lost a phone or used a shared computer? End every session of yours, on every device, in every organization.
account-logout-everywhere = Log out everywhere
account-logout-everywhere-confirm = Log out on every device, including this one, and revoke every API token?

tokens-title = API tokens
tokens-lead = A token lets a program use the ShopPlan API as you, in this organization, with your role. Send it as “Authorization: Bearer <token>”.
tokens-yours = Your tokens
tokens-none = You have no tokens.
tokens-new = New token
tokens-name = Name
tokens-name-hint = What will use it, e.g. “nightly 生意参谋 import”.
tokens-validity = Valid for
tokens-days-30 = 30 days
tokens-days-90 = 90 days
tokens-days-365 = 1 year
tokens-no-expiry = No expiry
tokens-create = Create token
tokens-created = Your new token:
tokens-created-once = Copy it now: it is shown only once. Only a hash is stored.
tokens-created-at = Created
tokens-last-used = Last used
tokens-never = Never
tokens-expires = Expires
tokens-revoke = Revoke
tokens-revoke-confirm = Revoke this token? Programs using it will stop working.
token-validity-unknown = Choose one of the offered validities.

organizations-title = Organizations
organizations-yours = Your organizations
organizations-name = Organization
organizations-current = Current
organizations-switch = Switch
organizations-new = Another organization
organizations-new-lead = Agencies run shops for several brands: create an organization per brand, you become its administrator.
organizations-create = Create

members-title = Members
members-you = you
members-joined = Joined
members-remove = Remove
members-remove-confirm = Remove this member? Their sessions and tokens in this organization end at once.
members-invite = Invite a member
members-invite-lead = There is no e-mail: you get a link to send yourself. It works once and expires after 7 days.
members-invite-submit = Create invitation
members-invited = Invitation created for
members-invited-copy = Send this link to them (it is shown only now):
members-invitation-link = Invitation link
members-open-invitations = Open invitations
members-no-invitations = No open invitations.
members-expires = Expires
members-revoke-invitation = Withdraw
members-roles = What each role may do
member-already = This person is already a member of the organization.
member-last-admin = The organization must keep at least one administrator: make someone else administrator first.
member-role-unknown = Choose one of the roles.

role-admin = Administrator
role-manager = Manager
role-operator = Operator
role-finance = Finance
role-viewer = Viewer
role-admin-does = Owns the organization: members, roles, settings, categories; may do everything.
role-manager-does = Reviews phase milestones, approves plans and phase gates, sees every shop.
role-operator-does = Edits shops, draft plans, monthly targets and milestones; imports daily data. Cannot approve plans.
role-finance-does = Owns budget lines, records and imports spend, watches budget burn. Cannot edit targets or phases.
role-viewer-does = Reads plans and dashboards; changes nothing.

invitation-title = Invitation
invitation-summary = You are invited to join { $organization } as { $role }.
invitation-accept = Join
invitation-join = Join with my account
invitation-sign-in-first = You already have a ShopPlan account with this e-mail: log in, then open this link again.
invitation-other-email = This invitation is for { $email }; log in with that account to accept it.
invitation-expired = This invitation has expired. Ask for a new one.
invitation-used = This invitation has already been used.
invitation-revoked = This invitation was withdrawn.
invitation-account-exists = An account with this e-mail already exists: log in and accept with it.

audit-title = Audit log
audit-action = Action
audit-actor = Who
audit-when = When
audit-object = Object
audit-details = Details
audit-ip = Address
audit-any = Any
audit-from = From
audit-to = To
audit-filter = Filter
audit-clear = Clear filters
audit-empty = Nothing recorded for these filters.
audit-older = Older entries
audit-organization-created = Organization created
audit-auth-signed-in = Logged in
audit-auth-sign-in-failed = Failed log-in
audit-auth-signed-out = Logged out
audit-auth-signed-out-everywhere = Logged out everywhere
audit-auth-password-changed = Password changed
audit-member-invited = Member invited
audit-member-joined = Member joined
audit-member-role-changed = Role changed
audit-member-removed = Member removed
audit-invitation-revoked = Invitation withdrawn
audit-token-created = API token created
audit-token-revoked = API token revoked
signup-sent-title = Check your inbox
signup-sent-to = We have sent a message to
signup-sent-valid = If the address can start a new organization, the message holds a link to finish signing up, good for { $hours } hours. If it already has an account, the message says how to sign in.
signup-sent-nothing = Nothing arrived after a few minutes? Look in the spam folder, or
signup-again = sign up again
signup-confirm-title = Confirm your organization
signup-confirm-lead = Your e-mail address is confirmed. Create the organization to start planning.
signup-confirm-submit = Create organization and log in
signup-link-invalid-title = This link cannot be used
signup-link-invalid = The link is out of date, was used already, or was copied incompletely. Links are good for one day and create one organization.
mail-signup-confirm-subject = Confirm your ShopPlan sign-up
mail-signup-confirm-body =
    Hello { $name },

    someone, hopefully you, asked to create the organization “{ $organization }” on ShopPlan with this e-mail address.
    To finish, open this link within { $hours } hours and press “Create organization and log in”:

    { $link }

    If it was not you, ignore this message: nothing is created without the link.
mail-signup-exists-subject = Someone tried to sign up to ShopPlan with your address
mail-signup-exists-body =
    Hello,

    someone, perhaps you, tried to sign up to ShopPlan with { $email }. This address already has an account, so nothing was created.
    To log in, or to create another organization from “Switch organization” once you are in:

    { $login }

    If it was not you, you need do nothing; your password was not changed.
signup-start-over = Sign up again
