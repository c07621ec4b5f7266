signup-title = 创建您的组织
signup-lead = 为您的电商部或代运营公司创建一个组织；进入后再邀请团队成员。
signup-organization = 组织名称
signup-organization-hint = 例如：某某公司电商部，或您的代运营公司。
signup-submit = 创建组织
signup-have-account = 已有账号？
signup-email-taken = 该邮箱已注册。请直接登录，然后在“切换组织”中创建新的组织。
login-title = 登录
login-submit = 登录
login-no-account = 第一次使用 ShopPlan？
login-failed = 邮箱或密码错误。
login-throttled = 失败次数过多，请等几分钟后再试。
login-no-organization = 您已不属于任何组织，请联系管理员重新邀请。
login-choose-organization = 您属于多个组织：请用 organization_id 指定其中一个。
login-organization-option = { $name }（{ $id }）

password-hint = 10 至 128 个字符。一句较长的话比各种符号更好记。
password-too-short = 至少需要 { $min } 个字符。
password-blank = 密码不能只由空格组成。
password-too-long = 最多 { $max } 个字符。
password-common = 这是最常见的密码之一，很容易被猜到，请换一个。
password-personal = 不要用您的邮箱或姓名作为密码。
password-mismatch = 两次输入的新密码不一致。
password-current-wrong = 当前密码不正确。

account-title = 我的账号
account-profile = 个人资料
account-role = 角色
account-language = 界面语言
account-language-browser = 跟随浏览器
account-password = 密码
account-password-lead = 修改密码后，您在其他地方的登录都会失效，API 令牌也会被撤销。
account-current-password = 当前密码
account-new-password = 新密码
account-confirm-password = 再次输入新密码
account-change-password = 修改密码
account-sessions = 登录会话
account-sessions-lead = 手机丢了或在公用电脑上登录过？结束您在所有设备、所有组织中的全部会话。
account-logout-everywhere = 在所有设备上退出
account-logout-everywhere-confirm = 确定在所有设备（包括本设备）上退出登录，并撤销所有 API 令牌吗？

tokens-title = API 令牌
tokens-lead = 令牌让程序以您的身份、在本组织中按您的角色调用 ShopPlan API。请以“Authorization: Bearer <令牌>”发送。
tokens-yours = 我的令牌
tokens-none = 您还没有令牌。
tokens-new = 新建令牌
tokens-name = 名称
tokens-name-hint = 用在哪里，例如“每晚导入生意参谋数据”。
tokens-validity = 有效期
tokens-days-30 = 30 天
tokens-days-90 = 90 天
tokens-days-365 = 1 年
tokens-no-expiry = 永不过期
tokens-create = 创建令牌
tokens-created = 您的新令牌：
tokens-created-once = 请立即复制：它只显示这一次，系统只保存其哈希值。
tokens-created-at = 创建时间
tokens-last-used = 最近使用
tokens-never = 从未使用
tokens-expires = 过期时间
tokens-revoke = 吊销
tokens-revoke-confirm = 确定吊销该令牌吗？使用它的程序将无法继续工作。
token-validity-unknown = 请从给出的有效期中选择一个。

organizations-title = 组织
organizations-yours = 我所在的组织
organizations-name = 组织
organizations-current = 当前
organizations-switch = 切换
organizations-new = 新建组织
organizations-new-lead = 代运营商为多个品牌运营店铺：可以为每个品牌建一个组织，您将成为它的管理员。
organizations-create = 创建

members-title = 成员
members-you = 我
members-joined = 加入时间
members-remove = 移除
members-remove-confirm = 确定移除该成员吗？其在本组织中的会话和令牌将立即失效。
members-invite = 邀请成员
members-invite-lead = 系统不发邮件：您会得到一个链接，请自行发送给对方。链接只能使用一次，7 天后过期。
members-invite-submit = 创建邀请
members-invited = 已为以下邮箱创建邀请：
members-invited-copy = 请把这个链接发给对方（仅此一次显示）：
members-invitation-link = 邀请链接
members-open-invitations = 待接受的邀请
members-no-invitations = 没有待接受的邀请。
members-expires = 过期时间
members-revoke-invitation = 撤回
members-roles = 各角色的权限
member-already = 此人已经是本组织的成员。
member-last-admin = 组织至少要保留一位管理员：请先把其他人设为管理员。
member-role-unknown = 请选择一个角色。

role-admin = 管理员
role-manager = 经理
role-operator = 运营
role-finance = 财务
role-viewer = 只读
role-admin-does = 拥有组织：管理成员、角色、设置和类别；可以做所有操作。
role-manager-does = 审核阶段里程碑，审批计划和阶段评审，查看所有店铺。
role-operator-does = 编辑店铺、计划草稿、月度目标和里程碑；导入每日数据。不能审批计划。
role-finance-does = 负责预算、录入和导入花费、关注预算使用进度。不能修改目标或阶段。
role-viewer-does = 查看计划和看板，不能做任何修改。

invitation-title = 邀请
invitation-summary = 邀请您以{ $role }身份加入{ $organization }。
invitation-accept = 加入
invitation-join = 用我的账号加入
invitation-sign-in-first = 该邮箱已有 ShopPlan 账号：请先登录，再打开此链接。
invitation-other-email = 此邀请是发给 { $email } 的，请用该账号登录后接受。
invitation-expired = 此邀请已过期，请联系对方重新邀请。
invitation-used = 此邀请已被使用。
invitation-revoked = 此邀请已被撤回。
invitation-account-exists = 该邮箱已有账号：请登录后用该账号接受邀请。

audit-title = 操作日志
audit-action = 操作
audit-actor = 操作人
audit-when = 时间
audit-object = 对象
audit-details = 详情
audit-ip = 地址
audit-any = 全部
audit-from = 从
audit-to = 到
audit-filter = 筛选
audit-clear = 清除筛选
audit-empty = 没有符合条件的记录。
audit-older = 更早的记录
audit-organization-created = 创建组织
audit-auth-signed-in = 登录
audit-auth-sign-in-failed = 登录失败
audit-auth-signed-out = 退出登录
audit-auth-signed-out-everywhere = 在所有设备上退出
audit-auth-password-changed = 修改密码
audit-member-invited = 邀请成员
audit-member-joined = 成员加入
audit-member-role-changed = 修改角色
audit-member-removed = 移除成员
audit-invitation-revoked = 撤回邀请
audit-token-created = 创建 API 令牌
audit-token-revoked = 吊销 API 令牌
signup-sent-title = 请查收邮件
signup-sent-to = 我们已向以下地址发送邮件：
signup-sent-valid = 如果该邮箱可以创建新组织，邮件中有完成注册的链接，{ $hours } 小时内有效；如果该邮箱已有账号，邮件会告诉您如何登录。
signup-sent-nothing = 几分钟后仍未收到？请查看垃圾邮件箱，或
signup-again = 重新注册
signup-confirm-title = 确认创建组织
signup-confirm-lead = 您的邮箱已确认。创建组织后即可开始制定计划。
signup-confirm-submit = 创建组织并登录
signup-link-invalid-title = 此链接无法使用
signup-link-invalid = 链接已过期、已被使用，或复制不完整。每个链接一天内有效，只能创建一个组织。
mail-signup-confirm-subject = 请确认您的 ShopPlan 注册
mail-signup-confirm-body =
    { $name }，您好：

    有人（希望是您）用此邮箱申请在 ShopPlan 创建组织“{ $organization }”。
    请在 { $hours } 小时内打开以下链接，并点击“创建组织并登录”完成注册：

    { $link }

    如果这不是您本人的操作，请忽略本邮件：没有此链接，什么都不会创建。
mail-signup-exists-subject = 有人用您的邮箱注册 ShopPlan
mail-signup-exists-body =
    您好：

    有人（也许是您）用 { $email } 注册 ShopPlan。该邮箱已有账号，因此没有创建任何内容。
    如需登录，或登录后在“切换组织”中创建另一个组织，请打开：

    { $login }

    如果这不是您本人的操作，无需处理；您的密码没有改变。
signup-start-over = 重新注册
