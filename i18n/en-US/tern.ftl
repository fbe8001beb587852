app-title = Tern
welcome-title = Welcome to Tern
welcome-body = Tern keeps your mail from several accounts in one fast window, and works offline. Add your first account to begin.

loading = Loading…
cancel = Cancel
dismiss = Dismiss
config-broken-not-saved = accounts.toml could not be read, so Tern will not overwrite it. Fix the file and restart Tern.

## Numbers and dates
format-group-separator = ,
format-decimal-separator = .
format-bytes = { $n } B
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
date-this-year = { $day } { $month }
date-other-year = { $day } { $month } { $year }
date-full = { $day } { $month } { $year }, { $time }

## Errors, in plain words
error-auth = The server did not accept the user name or password. Check the password (and the user name under Advanced).
error-connect = No mail server answered. Check the server name and port, and your internet connection.
error-certificate = The server's certificate is not trusted, so Tern did not send your password.
error-no-encryption = The server offers no encryption. Tern will not send your password unprotected.
error-timeout = The server took too long to answer. Try again in a moment.
error-disconnected = The connection to the server was lost.
error-secret = No password is available for this account.
error-config = The settings could not be used.
error-store = The local mail cache could not be used.
error-filesystem = The file could not be written.
error-not-found = It is no longer there.
error-message = This message could not be read.
error-server = The server answered something Tern could not use.
error-needs-confirmation = This needs your confirmation first.

## Account setup
setup-add-title = Add an account
setup-edit-title = Account settings: { $name }
setup-email = Email address
setup-email-placeholder = name@example.org
setup-password = Password
setup-password-placeholder = Your mail password
setup-password-keep = Leave empty to keep the saved password
setup-advanced = Advanced settings
setup-name = Account name
setup-name-placeholder = Shown in the folder list
setup-host = IMAP server
setup-port = Port
setup-security = Security
setup-username = User name
setup-username-placeholder = Usually your email address
setup-ca-file = Extra trusted certificate (optional)
setup-ca-file-placeholder = A PEM file, for company or test servers
setup-browse = Browse…
setup-connect = Connect
setup-save = Test and save
setup-testing = Connecting to { $host }…
setup-invalid-email = Enter an email address such as you@example.org.
setup-invalid-host = Enter the IMAP server's name under Advanced settings.
setup-invalid-port = Enter a port number between 1 and 65535.
setup-invalid-password = Enter your password.
setup-no-keychain = You are logged in, but the system keychain could not store your password.
setup-keep-session = Keep it for this session only
security-tls = TLS (recommended)
security-starttls = STARTTLS
security-plain = None (this computer only)

## Settings
settings-title = Settings
settings-accounts = Accounts
settings-add = Add account
settings-done = Done
settings-edit = Edit
settings-remove = Remove
settings-remove-confirm = Remove { $name } from Tern? Its mail stays on the server.
settings-no-accounts = No accounts yet.
settings-password-keychain = Password in the system keychain
settings-password-session = Password kept in memory until Tern quits (not saved)
settings-password-command = Password from a command

## Folders
folder-inbox = Inbox
folder-sent = Sent
folder-drafts = Drafts
folder-trash = Trash
folder-junk = Junk
folder-archive = Archive
folder-all = All Mail
folders-none = No folders yet

## Message list
list-no-folder = Choose a folder
list-empty = No messages in this folder
list-no-subject = (no subject)
list-count = { $count } messages
list-refresh = Check for new mail
list-keys = Move through the messages

## Reader
reader-nothing = Select a message to read it
reader-downloading = Downloading the message…
reader-to = To: { $list }
reader-cc = Cc: { $list }
reader-remote-blocked = Remote images and content were blocked to protect your privacy.
reader-truncated = Part of this message was left out because it is damaged or too large.
reader-attachments = { $count ->
    [one] 1 attachment
   *[other] { $count } attachments
}
reader-save = Save
reader-save-all = Save all
reader-open = Open
reader-saved = Saved to { $path }
reader-no-dialog = No file dialog could be shown on this system.
reader-save-into = Save into { $dir }
confirm-open-title = This file can run programs
confirm-open-body = { $name } is a .{ $ext } file. Opening it can run programs on your computer. Open it only if you trust the sender.
confirm-open-anyway = Open anyway

## Status
status-online = Online
status-offline = Offline
status-connecting = Connecting…
status-syncing = Syncing { $folder }: { $done } of { $total }
status-folder = a folder
status-retry = Retry
status-enter-password = Enter password

## Managing mail
action-toggle-read = Mark read or unread
action-toggle-star = Star or unstar
action-archive = Archive
action-delete = Delete
action-move = Move to…
action-done = Done.
action-undo = Undo
list-selected = { $count } selected
status-pending = { $count ->
    [one] 1 change waiting to sync
   *[other] { $n } changes waiting to sync
}
confirm-delete-title = Delete for good?
confirm-delete-body = { $count ->
    [one] This message is already in the Trash. Deleting it again removes it for good; it cannot be undone.
   *[other] These { $count } messages are already in the Trash. Deleting them again removes them for good; it cannot be undone.
}
confirm-delete-forever = Delete for good

## solid (issue 16)
account-removed-cleanup-failed = The account was removed from Tern, but its saved password or cached mail could not be deleted: { $error } If the password is still in the system keychain, remove it there by hand.
## Composer
compose-new = New message
compose-reply = Reply
compose-reply-all = Reply all
compose-forward = Forward
compose-title = New message
compose-send = Send
compose-sending = Putting the message in the outbox…
compose-attach = Attach…
compose-discard = Discard
compose-close = Close
compose-close-tip = Close and keep the draft
compose-from = From
compose-to = To
compose-cc = Cc
compose-bcc = Bcc
compose-cc-bcc = Cc / Bcc
compose-subject = Subject
compose-subject-placeholder = What is it about?
compose-address-placeholder = Names or addresses, separated by commas
compose-body-placeholder = Write your message
compose-attachments = Files
compose-attachments-total = { $count ->
    [one] 1 file, { $size }
   *[other] { $count } files, { $size }
}
compose-too-large = Together the files are larger than { $limit }. Many mail servers refuse messages this large; consider sharing them through a link instead.
compose-remove-attachment = Remove { $name }
compose-attach-not-file = { $name } is a folder, not a file, so it was not attached.
compose-attach-unreadable = { $name } could not be read ({ $reason }), so it was not attached.
compose-no-dialog = No file dialog could be shown on this desktop. Drag files onto the window to attach them.
compose-no-recipient = Add at least one recipient in To, Cc or Bcc.
compose-no-account = Choose the account to send from.
compose-no-smtp = The account { $account } has no server for sending yet. Add one under Settings → Edit.
compose-still-saving = The draft is being saved. Press Send again in a moment.
compose-save-failed = Your draft could not be saved ({ $reason }). Keep this window open; Tern tries again as you type.
compose-send-failed = The message could not be put in the outbox: { $reason } Your draft is kept.
compose-discard-title = Discard this draft?
compose-discard-body = The text and the list of attached files are thrown away, here and in the Drafts folder on the server.
compose-recovered = { $count ->
    [one] A message you were writing when Tern stopped was kept and is open again.
   *[other] { $count } messages you were writing when Tern stopped were kept; the newest is open again.
}
outbox-waiting = { $count ->
    [one] 1 message waiting to be sent
   *[other] { $count } messages waiting to be sent
}
outbox-title = Outbox
outbox-empty = Nothing is waiting to be sent.
outbox-cancel = Cancel sending
outbox-send-now = Send now
outbox-close = Close
outbox-state-queued = Waiting
outbox-state-sending = Sending…
outbox-state-sent = Sent, filing a copy
outbox-state-filed = Sent
outbox-state-held = Needs your attention
outbox-no-subject = (no subject)
outbox-cancelled = Sending was cancelled; the message is back among your drafts.
send-failed = A message could not be sent: { $reason } It stays in the outbox (open it from the status line to send it now or cancel it).
setup-display-name = Your name
setup-display-name-placeholder = Shown to the people you write to
setup-smtp-host = Server for sending (SMTP)
setup-smtp-port = Port
setup-smtp-security = Security for sending
settings-smtp = Sending: { $server }
settings-no-smtp = No server for sending
setup-signature = Signature
setup-signature-placeholder = Added below the messages you write

## What a new user meets
done-read = { $count ->
    [one] Marked as read
   *[other] { $count } messages marked as read
}
done-unread = { $count ->
    [one] Marked as unread
   *[other] { $count } messages marked as unread
}
done-starred = { $count ->
    [one] Starred
   *[other] { $count } messages starred
}
done-unstarred = { $count ->
    [one] Star removed
   *[other] Star removed from { $count } messages
}
done-archived = { $count ->
    [one] Archived
   *[other] { $count } messages archived
}
done-deleted = { $count ->
    [one] Deleted
   *[other] { $count } messages deleted
}
done-moved = { $count ->
    [one] Moved to { $folder }
   *[other] { $count } messages moved to { $folder }
}
password-title = Password for { $name }
password-body = Tern needs the password of { $email } to connect to { $host }. None is saved on this computer.
password-refused = The server did not accept this password. Please type it again.
password-remember = Remember it in the system keychain
password-no-keychain = This computer has no system keychain, so Tern keeps the password in memory until it quits.
password-later = Not now
password-sign-in = Sign in
settings-password-not-saved = Password not saved: Tern asks for it when it starts
settings-password-no-keychain = Password not saved (no system keychain): Tern asks for it when it starts
settings-password-checking = Looking for the password…
status-password-needed = Password needed
status-details = Details
format-kilobytes = { $n } KB
format-megabytes = { $n } MB
format-gigabytes = { $n } GB
format-terabytes = { $n } TB
kind-pdf = PDF document
kind-document = Word document
kind-spreadsheet = Spreadsheet
kind-presentation = Presentation
kind-zip = ZIP archive
kind-archive = Archive
kind-calendar = Calendar invitation
kind-email = Email message
kind-web-page = Web page
kind-image = { $format } image
kind-audio = Audio
kind-video = Video
kind-text = Text
kind-file = File
setup-no-file-dialog = No file dialog can be shown on this desktop. Type the full path of the certificate file (.pem) in the field above.
settings-general = General
settings-theme = Appearance
settings-theme-system = Like the system
settings-theme-light = Light
settings-theme-dark = Dark
settings-mark-read = Mark an opened message as read
settings-mark-read-never = Never
settings-mark-read-at-once = At once
settings-mark-read-after = After { $seconds } seconds
settings-sync = Check every folder
settings-sync-every = { $minutes ->
    [one] Every minute
   *[other] Every { $minutes } minutes
}
settings-save-folder = Save attachments to
settings-save-folder-hint = Used until you save into another folder for an account; Tern then remembers that one.
empty-trash = Empty Trash
empty-junk = Empty Junk
empty-trash-title = Empty the Trash?
empty-junk-title = Empty the Junk folder?
empty-trash-body = { $count ->
    [one] The message in the Trash is deleted for good. This cannot be undone.
   *[other] The { $n } messages in the Trash are deleted for good. This cannot be undone.
}
empty-junk-body = { $count ->
    [one] The message in Junk is deleted for good. This cannot be undone.
   *[other] The { $n } messages in Junk are deleted for good. This cannot be undone.
}
empty-confirm = Delete for good
app-title-unread = Tern ({ $count ->
    [one] { $n } unread
   *[other] { $n } unread
})
notice-what-subject = “{ $subject }”
notice-what-no-subject = A message without a subject
notice-what-many = { $count } messages
notice-verb-read = marked as read
notice-verb-unread = marked as unread
notice-verb-starred = starred
notice-verb-unstarred = unstarred
notice-verb-changed = changed
notice-verb-moved = moved to { $folder }
notice-verb-deleted = deleted
notice-gone-one = { $what } is no longer in { $folder } on the server, so it was not { $verb }.
notice-gone-many = { $what } are no longer in { $folder } on the server, so they were not { $verb }.
notice-folder-gone-one = The folder { $folder } no longer exists on the server, so { $what } was not { $verb }.
notice-folder-gone-many = The folder { $folder } no longer exists on the server, so { $what } were not { $verb }.
notice-dest-gone-one = The folder { $dest } no longer exists on the server, so { $what } was not moved there.
notice-dest-gone-many = The folder { $dest } no longer exists on the server, so { $what } were not moved there.
notice-renumbered-one = { $folder } was renumbered on the server and { $what } could not be found in it again, so it was not { $verb }.
notice-renumbered-many = { $folder } was renumbered on the server and { $what } could not be found in it again, so they were not { $verb }.
notice-ambiguous = { $folder } was renumbered on the server and { $what } matched more than one message there, so nothing was { $verb } rather than risk changing the wrong message.
notice-refused-one = The server did not accept { $what } being { $verb } ({ $reason }); it is shown as the server has it.
notice-refused-many = The server did not accept { $what } being { $verb } ({ $reason }); they are shown as the server has them.
err-timeout = { $host } did not answer within { $seconds } seconds. Tern will try again later.
err-refused = { $host } refused the connection on port { $port }. Check the port number; the server may also be down.
err-unreachable = Tern could not reach { $host } on port { $port }. Check the server name and your internet connection.
err-stopped-answering = { $host } stopped answering. Tern will try again later.
err-garbled = { $host } sent data Tern could not understand. Tern disconnected from it and will try again later.
err-connection-lost = The connection to { $host } was lost. Tern will try again later.
err-server-closed = The server closed the connection. Tern will try again later.
err-server-closed-said = The server closed the connection (it said: “{ $said }”). Tern will try again later.
err-lost = The connection was lost. Tern will try again later.
err-auth = The server { $host } did not accept the user name or password.
err-offline-body = This message has not been downloaded yet and the server cannot be reached. It will open when the connection is back.
err-no-keychain = The system keychain is not available. Unlock or install a keychain (for example GNOME Keyring or KWallet); until then Tern asks for the password when it starts.
err-no-password = No password is saved for the account { $account }. Type it when Tern asks, and tick “Remember it in the system keychain” to keep it.
err-disk-full = Could not save { $path }: the disk is full. Free some space and try again.
err-not-allowed = Could not save { $path }: you are not allowed to write there. Choose another folder.
err-file = Could not save { $path }. Check the folder and try again.
err-no-app = No application could open { $name }. It is saved at { $path }.
key-ctrl = Ctrl
key-shift = Shift
key-delete = Delete
key-page-up = PgUp
key-page-down = PgDn
key-home = Home
key-end = End
key-escape = Esc
err-cert-expired = The certificate of { $host } has expired, so Tern cannot be sure it is talking to the real server. Ask the server's administrator to renew it.
err-cert-not-yet = The certificate of { $host } is not valid yet. Check that this computer's date and time are correct.
err-cert-name = The certificate presented by { $host } was issued for a different server name. Check the server name; if it is right, someone may be intercepting the connection.
err-cert-unknown-issuer = The certificate of { $host } is not signed by an authority Tern trusts (it may be self-signed). If your provider uses its own authority, add its certificate file under Advanced.
err-cert-revoked = The certificate of { $host } has been revoked by its issuer.
err-cert-invalid = The certificate of { $host } is not valid. Tern did not connect.
err-cert-none = { $host } did not present a certificate. Tern did not connect.
err-tls-refused = { $host } refused to set up encryption. The server may not support current encryption; ask your provider which settings to use.
err-tls-failed = Tern could not set up an encrypted connection with { $host }. The server may not offer encryption on this port; check the port and security settings.
err-not-downloaded = The message could not be downloaded.
err-not-cached = The message is no longer in the cache.
err-no-folder = Could not create the folder { $path }. Choose another folder.
err-settings-not-saved = Could not save the settings to { $path }.
reader-cancel-download = Stop this download
err-no-starttls = { $host } does not offer encryption (STARTTLS), so Tern did not log in. Choose TLS (usually port 993) if the provider offers it.
err-closed-at-once = { $host } closed the connection right away. Tern will try again later.
err-not-imap = { $host } did not answer like a mail (IMAP) server. Check the port number.
err-no-host = The account has no server name. Add it under Advanced.
err-plain-refused = Tern does not connect to { $host } without encryption; that is only allowed to this computer. Choose TLS or STARTTLS.
err-unsafe-data = The server sent data Tern cannot safely read. Tern disconnected from it and will try again later.
err-dangerous-file = { $name } is a .{ $ext } file, which can run programs on your computer. Open it only if you trust the sender.

## Sending errors (issue 16 item 5)
err-smtp-timeout = The sending server { $host } did not answer in time. Tern will try again later.
err-smtp-unreachable = Tern could not reach the sending server { $host } on port { $port }. The message stays in the outbox and is sent when the server can be reached.
err-smtp-tls = Encryption with the sending server { $host } failed. Tern did not send anything.
err-smtp-busy = The sending server { $host } cannot take the message right now ({ $reason }). It stays in the outbox and Tern will try again later.
err-smtp-auth = The sending server { $host } refused the user name or password ({ $reason }). Check them in the account settings.
err-smtp-too-large = The message is too large for { $host }: it accepts at most { $limit }. Remove or shrink attachments and send it again.
err-smtp-too-large-said = The message is too large for { $host } ({ $reason }). Remove or shrink attachments and send it again.
err-smtp-recipient = The server refused the recipient { $who }: { $reason }. Correct the address and send again.
err-smtp-refused = The sending server { $host } refused the message: { $reason }.
err-smtp-lost = The connection to the sending server { $host } was lost. The message stays in the outbox and Tern will try again later.

## Details of errors from the cache, the action queue, IMAP and sending (issue 16 item 5)
err-store-unusable = The local mail cache could not be used. It can be rebuilt from the server.
err-create-folder = Tern could not create the folder { $path }. Check that you may write there and that the disk is not full.
err-open-file = Tern could not open { $path }. Check that you may write there and that the disk is not full.
err-path-not-unicode = Tern cannot use the folder { $path } because its name is not valid Unicode. Choose another data folder.
err-draft-unreadable = A draft could not be read. It is kept unchanged; nothing was lost.
err-draft-not-saved = The draft could not be saved. Copy its text somewhere safe and try again.
err-draft-not-kept = The server did not keep the draft. It is still saved on this computer.
err-cache-newer = The mail cache was written by a newer version of Tern. Update Tern, or delete the cache to rebuild it from the server.
err-cache-upgrade = The mail cache could not be upgraded. Delete the cache to rebuild it from the server.
err-queue-newer = Your changes waiting to sync were saved by a newer version of Tern. Update Tern to keep them.
err-queue-upgrade = The list of changes waiting to sync could not be upgraded. Update Tern; the list is kept unchanged.
err-cache-writer-stopped = Saving messages to the cache stopped unexpectedly. Tern will try again on the next sync.
err-task-stopped = A background task stopped unexpectedly. Please try again.
err-account-gone = This account is no longer in the cache. Restart Tern to sync it again.
err-message-gone = This message is no longer in the cache. It may have been moved or deleted; the list updates after the next sync.
err-message-gone-from-server = The message is no longer on the server (it was moved or deleted elsewhere).
err-part-gone = This part of the message no longer exists.
err-none-chosen = Nothing was chosen to change. Select a message first.
err-already-moving = “{ $subject }” is already being moved or deleted; it will show up in its new folder after the next sync.
err-folder-no-messages = { $dest } cannot hold messages; choose another folder.
err-folder-gone = That folder is not part of this account any more.
err-use-delete = Use Delete (to Trash) to remove a message.
err-no-archive = This account has no Archive folder. Create one on the server, or move the message instead.
err-no-trash = This account has no Trash folder, so deleting removes messages for good. Confirm to delete them for good.
err-delete-from-trash = Deleting from Trash removes messages for good. Confirm to delete them for good.
err-nothing-to-undo = There is nothing to undo.
err-already-undone = That change was already undone.
err-undo-expired = That change can no longer be undone (undo is offered for { $seconds } seconds).
err-undo-expunged = Messages deleted for good have already been removed from the server and cannot be brought back.
err-renumbered-retry = A folder was renumbered on the server while Tern was applying changes. Tern will try again.
err-change-not-applied = A change could not be applied on the server.
err-server-skipped = The server skipped messages while listing a folder. Tern will try again on the next sync.
err-server-slow = The server did not answer in time. Tern will reconnect and try again.
err-server-incomplete = The server's answer was incomplete. Tern will try again on the next sync.
err-server-refused = The server refused the change: { $said }.
err-server-refused-plain = The server refused the change.
err-server-confused = { $host } sent an answer Tern could not understand, so it disconnected. Tern will try again later.
err-lost-connection = The connection to { $host } was lost. Tern will try again later.
err-push-lost = The connection for new-mail notifications was lost. Tern will reconnect.
err-no-uidplus = This server cannot remove only Tern's messages, so they stay marked as deleted.
err-closed-before-tls = { $host } closed the connection before encryption started. Tern will try again later.
err-tls-injection = { $host } sent data that was not asked for while encryption was being started. That is how connections are attacked, so Tern disconnected without logging in.
err-preauth = { $host } tried to skip logging in and encryption. Tern never works unencrypted, so it disconnected.
err-smtp-no-starttls = The sending server { $host } does not offer encryption (STARTTLS), so Tern did not log in. Choose TLS (usually port 465) if the provider offers it.
err-not-smtp = { $host } did not answer like a sending (SMTP) server. Check the port and security settings.
err-message-damaged = This message could not be read: it is damaged in a way Tern cannot handle. Other messages are not affected.
err-attachment-incomplete = The attachment arrived incomplete (the server sent { $received } of { $expected } bytes), so nothing was saved. Please try again; if it keeps happening, the message may be damaged on the server.
err-write-stopped = Writing the attachment stopped unexpectedly. Nothing was saved; please try again.
err-no-smtp = The account { $account } has no sending server. Add its sending (SMTP) settings in Settings first.
err-forward-part-gone = The forwarded attachment “{ $name }” is no longer on the server (its message was moved or deleted). Remove it from the message and send again.
err-forward-part-failed = A forwarded attachment could not be fetched. Tern will try again.
err-forward-part-later = The forwarded attachment “{ $name }” is fetched from the server when the message is sent.
err-outbox-unreadable = This outbox message could not be read. Delete it and write it again.
err-attachment-unreadable = The attachment “{ $name }” could not be read. Attach it again or remove it.
err-not-an-address = “{ $who }” is not an email address. Correct it and send again.
err-own-address-invalid = The account's address “{ $who }” is not a valid email address. Correct it in Settings.
err-no-recipient = This message has no recipient. Add an address in To, Cc or Bcc.
err-build-failed = Tern could not build this message. Check the addresses and try again.
err-send-unsure = Tern was interrupted while sending this message and cannot tell whether it went out. Ask a recipient, then send it again or delete it.
err-send-maybe-sent = { $what } Tern cannot tell whether the message went out. Ask a recipient, then send it again or delete it.
err-sent-copy-failed = Sent, but its copy could not be stored in the Sent folder: { $what } Tern will try again.
err-said = { $said }
err-store-disk-full = The disk is full. Free some space; nothing was lost and Tern will continue.
err-store-busy = The mail cache is busy in another Tern process. Try again in a moment.
err-ca-file = Tern could not use the certificate file { $path }. Check the account's “ca_file” setting.
err-tls-setup = Tern could not prepare encryption on this computer. Restart Tern; if it keeps happening, please report it.
err-bad-host-name = “{ $host }” is not a valid server name. Check the server name in the account settings.
err-no-capabilities = { $host } refused to say what it supports. Tern will try again later; if it keeps happening, check the port number.
err-password-unsendable = The password contains a line break or a NUL character, which mail servers cannot receive. Check the password in the account settings.
err-username-unsendable = The user name contains a line break, which mail servers cannot receive. Check the user name in the account settings.
err-login-disabled = { $host } does not accept a password login on this connection. Choose TLS or STARTTLS, or ask your provider how to sign in.
err-config-unreadable = Tern could not read the settings file { $path }. Check that you may read it.
err-config-invalid = The settings file { $path } has a mistake ({ $detail }). Correct it and start Tern again.
err-config-unwritable = Tern could not write the account settings. Please try again.
err-no-smtp-host = The account has no sending (SMTP) server. Add it in the account settings.
err-smtp-lost-unsure = The connection to { $host } was lost while the message was being sent, so Tern cannot tell whether it went out.
err-smtp-unconfirmed = { $host } did not confirm the message in time, so Tern cannot tell whether it went out.

## D: HTML and plain text in the reader
reader-show-quoted = Show quoted text
reader-hide-quoted = Hide quoted text
reader-image = Image
reader-image-load = Load image ({ $size })
reader-image-failed = The image could not be shown (damaged, too large or not a picture). Save it from the attachments to look at it.
reader-open-browser = Open in browser

## F: new-mail notifications
notify-new-mail = { $count ->
    [one] 1 new message
   *[other] { $count } new messages
}
notify-open = Open
err-folder-name-empty = Give the folder a name.
err-folder-missing = This folder is gone from the server already. The folder list will update on the next sync.
err-folder-inbox = The Inbox cannot be renamed or deleted.
err-offline-folder = Folders can be created, renamed or deleted only while the server can be reached. Try again when the account is online.

## F: folders
folder-new = New folder
folder-rename = Rename
folder-delete = Delete folder
folder-delete-title = Delete “{ $name }”?
folder-delete-body = { $count ->
    [0] The folder is empty.
    [one] Its 1 message is deleted on the server too, for good.
   *[other] Its { $count } messages are deleted on the server too, for good.
}
folder-new-title = New folder
folder-create = Create
folder-rename-title = Rename folder
folder-name-hint = Name (Parent/Child for a subfolder)
move-filter-hint = Type to filter folders
move-title = Move to folder
## A: search
err-search-unclosed-quote = The search has a quote that is never closed. Add the closing " or remove the quote.
err-search-empty-value = “{ $operator }” needs something after the colon, for example { $example }.
err-search-bad-has = “has:{ $value }” is not known. Use has:attachment.
err-search-bad-is = “is:{ $value }” is not known. Use is:unread or is:starred.
err-search-bad-date = “{ $value }” is not a date. Write dates as YYYY-MM-DD, for example { $operator }2024-03-31.
search-placeholder = Search mail
search-tip = Words, "phrases", from: to: subject: has:attachment is:unread is:starred in: before: after:
search-scope-folder = This folder
search-scope-all = All accounts
search-scope-tip = Search this folder or every account
search-nothing-found = No message matches.
search-count = { $count } found
search-from-server = on server
search-server-waiting = Searching the server…
search-server-offline = Only mail in this computer's cache was searched: searching the server needs a connection.
## Account discovery (issue 13)
err-discover-setting = The setting { $name }={ $detail } is not usable. Fix or remove it.
err-discover-setup = Tern could not prepare the search for the server settings ({ $detail }). Enter them yourself.
err-discover-address = “{ $who }” is not an e-mail address. Enter it as name@example.org.
err-discover-nothing = Tern could not find the server settings for { $host }. Enter them yourself; your provider's help pages list them.
setup-discover-step-table = Checking Tern's list of providers…
setup-discover-step-lookups = Asking { $domain } for its mail settings…
setup-discover-step-mx = Asking the provider that receives mail for { $domain }…
setup-discover-step-guesses = Trying the usual server names…
setup-found-table = Settings from Tern's list of providers ({ $provider }).
setup-found-autoconfig = Settings published by { $host }.
setup-found-mx-table = Mail for { $domain } goes to { $provider }: settings from Tern's list of providers.
setup-found-mx-autoconfig = Settings published by { $host }, which receives mail for { $domain }.
setup-found-srv = Settings from the DNS records of { $domain }.
setup-found-guess = Tern guessed these servers and they answered. Check them under “Advanced settings” if signing in fails.
setup-found-nothing = Tern could not find the settings for { $domain }. Enter them under “Advanced settings”; your provider's help pages list them.
settings-conversations = Conversations
settings-conversations-hint = Group messages into conversations
list-count-conversations = { $count } conversations
err-cert-changed = The certificate of { $host } has changed since you trusted it. Trusted: SHA-256 { $pinned }. Presented now: SHA-256 { $presented }. Someone may be intercepting the connection; trust the new certificate only if the server's administrator confirms it changed.
cert-title = Check this server's certificate
cert-host = Server
cert-fingerprint = SHA-256 fingerprint
cert-pinned-before = Trusted until now (SHA-256)
cert-subject = Issued to
cert-issuer = Issued by
cert-expires = Valid until
cert-advice = Compare the fingerprint with the one your provider or administrator gave you. Trust the certificate only if they match: Tern then accepts exactly this certificate for this account, and warns you if it ever changes.
cert-trust = Trust this certificate for this account
health-last-sync = Last synced { $when }
health-never-synced = Not synced yet
health-cert-expires = Server certificate valid until { $when }
health-cert-expires-soon = The server's certificate expires on { $when }. Ask your provider to renew it before then.
health-cert-expired = The server's certificate expired on { $when }. Ask your provider to renew it.
health-quota = Storage: { $used } of { $limit } used ({ $percent } %)
health-sign-in-needed = The server no longer accepts the password. Tern stopped trying so the account does not get locked.
health-sign-in = Sign in again

# Unified views across accounts (issue 11 item 3)
unified-all-inboxes = All inboxes
unified-unread = Unread
unified-starred = Starred
unified-tip = Every account at once
# Remote images (issue 12 item 3)
reader-show-images = Show images
reader-always-images = Always for this sender
reader-image-unreachable = The image could not be loaded from the internet (no answer, or larger than 5 MB).
settings-image-senders = Images from these senders are always shown
settings-image-senders-none = No senders yet. Choose "Always for this sender" above a message's blocked images.
settings-image-senders-forget = Stop showing

# Attached messages (issue 12 item 5)
reader-attached-from = Attached message from { $from }
reader-save-eml = Save as .eml
## OAuth2 sign-in (issue 13)
err-oauth-no-client-id = This Tern has no OAuth client id for { $provider } (account { $account }). Set client_id under [account.imap.oauth] in accounts.toml (the README says how), or use an app password.
err-oauth-bad-url = The OAuth address “{ $url }” for account { $account } is missing or not https. Check auth_url and token_url under [account.imap.oauth] in accounts.toml.
err-oauth-timeout = The sign-in in the browser did not finish in time. Try again.
err-oauth-listener = Tern could not wait for the browser on this computer. Try again.
err-oauth-refused = The sign-in was not completed in the browser ({ $reason }). Try again.
err-oauth-server-refused = The sign-in server of { $provider } refused the request ({ $reason }). Check the account's OAuth settings, or sign in again.
err-oauth-unreachable = Tern could not reach the sign-in server of { $provider }. It will try again later.
err-oauth-bad-answer = The sign-in server of { $provider } sent an answer Tern does not understand. Try again later.
err-oauth-sign-in-again = The sign-in for account { $account } has expired or was withdrawn at { $provider }. Sign in again.
err-oauth-no-refresh = { $provider } signed you in but did not let Tern stay signed in. Try again; if it keeps happening, check the account's OAuth scopes.
err-oauth-mechanism = { $host } does not offer the sign-in Tern was set up for ({ $mechanism }). Check auth and mechanism in the account's settings.
err-oauth-refused-by-server = The server { $host } did not accept the sign-in ({ $mechanism }). Sign in again.
err-keychain-slow = The system keychain did not answer within { $seconds } seconds. Unlock it and try again.
err-keychain-failed = Reading the system keychain failed unexpectedly. Try again.
err-oauth-no-browser = Tern could not open a web browser for the sign-in. Set a default browser and try again.
setup-oauth-sign-in = Sign in with { $provider }
setup-oauth-waiting = Finish signing in in your web browser; Tern is waiting for it…
oauth-page-signed-in = You are signed in. You can close this tab and go back to Tern.
oauth-page-failed = The sign-in did not finish. You can close this tab and try again in Tern.
status-sign-in-again = Sign in again
