app-title = Tern
welcome-title = Willkommen bei Tern
welcome-body = Tern zeigt die Post all Ihrer Konten in einem schnellen Fenster und funktioniert auch offline. Fügen Sie Ihr erstes Konto hinzu, um zu beginnen.

loading = Wird geladen …
cancel = Abbrechen
dismiss = Schließen
config-broken-not-saved = accounts.toml konnte nicht gelesen werden, deshalb überschreibt Tern die Datei nicht. Korrigieren Sie sie und starten Sie Tern neu.

## Zahlen und Daten
format-group-separator = .
format-decimal-separator = ,
format-bytes = { $n } B
month-1 = Jan.
month-2 = Feb.
month-3 = März
month-4 = Apr.
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = Aug.
month-9 = Sept.
month-10 = Okt.
month-11 = Nov.
month-12 = Dez.
date-this-year = { $day }. { $month }
date-other-year = { $day }. { $month } { $year }
date-full = { $day }. { $month } { $year }, { $time }

## Fehler, in einfachen Worten
error-auth = Der Server hat Benutzername oder Passwort nicht angenommen. Prüfen Sie das Passwort (und den Benutzernamen unter „Erweitert“).
error-connect = Kein Mailserver hat geantwortet. Prüfen Sie Servername und Port sowie Ihre Internetverbindung.
error-certificate = Das Zertifikat des Servers ist nicht vertrauenswürdig, daher hat Tern Ihr Passwort nicht gesendet.
error-no-encryption = Der Server bietet keine Verschlüsselung an. Tern sendet Ihr Passwort nicht ungeschützt.
error-timeout = Der Server hat zu lange nicht geantwortet. Versuchen Sie es gleich noch einmal.
error-disconnected = Die Verbindung zum Server wurde unterbrochen.
error-secret = Für dieses Konto ist kein Passwort verfügbar.
error-config = Die Einstellungen konnten nicht verwendet werden.
error-store = Der lokale Mail-Zwischenspeicher konnte nicht verwendet werden.
error-filesystem = Die Datei konnte nicht geschrieben werden.
error-not-found = Das ist nicht mehr vorhanden.
error-message = Diese Nachricht konnte nicht gelesen werden.
error-server = Der Server hat etwas geantwortet, das Tern nicht verwenden kann.
error-needs-confirmation = Dafür ist zuerst Ihre Bestätigung nötig.

## Konto einrichten
setup-add-title = Konto hinzufügen
setup-edit-title = Kontoeinstellungen: { $name }
setup-email = E-Mail-Adresse
setup-email-placeholder = name@example.org
setup-password = Passwort
setup-password-placeholder = Ihr E-Mail-Passwort
setup-password-keep = Leer lassen, um das gespeicherte Passwort zu behalten
setup-advanced = Erweiterte Einstellungen
setup-name = Kontoname
setup-name-placeholder = Wird in der Ordnerliste angezeigt
setup-host = IMAP-Server
setup-port = Port
setup-security = Sicherheit
setup-username = Benutzername
setup-username-placeholder = Meist Ihre E-Mail-Adresse
setup-ca-file = Zusätzliches vertrauenswürdiges Zertifikat (optional)
setup-ca-file-placeholder = Eine PEM-Datei, für Firmen- oder Testserver
setup-browse = Durchsuchen …
setup-connect = Verbinden
setup-save = Testen und speichern
setup-testing = Verbindung zu { $host } wird hergestellt …
setup-invalid-email = Geben Sie eine E-Mail-Adresse wie sie@example.org ein.
setup-invalid-host = Geben Sie unter „Erweiterte Einstellungen“ den Namen des IMAP-Servers ein.
setup-invalid-port = Geben Sie eine Portnummer zwischen 1 und 65535 ein.
setup-invalid-password = Geben Sie Ihr Passwort ein.
setup-no-keychain = Sie sind angemeldet, aber der Schlüsselbund des Systems konnte Ihr Passwort nicht speichern.
setup-keep-session = Nur für diese Sitzung behalten
security-tls = TLS (empfohlen)
security-starttls = STARTTLS
security-plain = Keine (nur dieser Computer)

## Einstellungen
settings-title = Einstellungen
settings-accounts = Konten
settings-add = Konto hinzufügen
settings-done = Fertig
settings-edit = Bearbeiten
settings-remove = Entfernen
settings-remove-confirm = { $name } aus Tern entfernen? Die E-Mails bleiben auf dem Server.
settings-no-accounts = Noch keine Konten.
settings-password-keychain = Passwort im Schlüsselbund des Systems
settings-password-session = Passwort nur im Arbeitsspeicher, bis Tern beendet wird (nicht gespeichert)
settings-password-command = Passwort aus einem Befehl

## Ordner
folder-inbox = Posteingang
folder-sent = Gesendet
folder-drafts = Entwürfe
folder-trash = Papierkorb
folder-junk = Spam
folder-archive = Archiv
folder-all = Alle Nachrichten
folders-none = Noch keine Ordner

## Nachrichtenliste
list-no-folder = Wählen Sie einen Ordner
list-empty = Keine Nachrichten in diesem Ordner
list-no-subject = (kein Betreff)
list-count = { $count } Nachrichten
list-refresh = Auf neue E-Mails prüfen
list-keys = Durch die Nachrichten blättern

## Lesebereich
reader-nothing = Wählen Sie eine Nachricht aus, um sie zu lesen
reader-downloading = Die Nachricht wird heruntergeladen …
reader-to = An: { $list }
reader-cc = Kopie: { $list }
reader-remote-blocked = Externe Bilder und Inhalte wurden zum Schutz Ihrer Privatsphäre blockiert.
reader-truncated = Ein Teil dieser Nachricht wurde weggelassen, weil er beschädigt oder zu groß ist.
reader-attachments = { $count ->
    [one] 1 Anhang
   *[other] { $count } Anhänge
}
reader-save = Speichern
reader-save-all = Alle speichern
reader-open = Öffnen
reader-saved = Gespeichert unter { $path }
reader-no-dialog = Auf diesem System konnte kein Dateidialog angezeigt werden.
reader-save-into = In { $dir } speichern
confirm-open-title = Diese Datei kann Programme ausführen
confirm-open-body = { $name } ist eine .{ $ext }-Datei. Beim Öffnen können Programme auf Ihrem Computer ausgeführt werden. Öffnen Sie sie nur, wenn Sie dem Absender vertrauen.
confirm-open-anyway = Trotzdem öffnen

## Status
status-online = Online
status-offline = Offline
status-connecting = Verbinde …
status-syncing = { $folder } wird abgeglichen: { $done } von { $total }
status-folder = ein Ordner
status-retry = Erneut versuchen
status-enter-password = Passwort eingeben

## Managing mail
action-toggle-read = Als gelesen oder ungelesen markieren
action-toggle-star = Markieren oder Markierung entfernen
action-archive = Archivieren
action-delete = Löschen
action-move = Verschieben nach…
action-done = Erledigt.
action-undo = Rückgängig
list-selected = { $count } ausgewählt
status-pending = { $count ->
    [one] 1 Änderung wartet auf den Abgleich
   *[other] { $n } Änderungen warten auf den Abgleich
}
confirm-delete-title = Endgültig löschen?
confirm-delete-body = { $count ->
    [one] Diese Nachricht ist bereits im Papierkorb. Wird sie erneut gelöscht, ist sie endgültig weg; das lässt sich nicht rückgängig machen.
   *[other] Diese { $count } Nachrichten sind bereits im Papierkorb. Werden sie erneut gelöscht, sind sie endgültig weg; das lässt sich nicht rückgängig machen.
}
confirm-delete-forever = Endgültig löschen

## solid (issue 16)
account-removed-cleanup-failed = Das Konto wurde aus Tern entfernt, aber sein gespeichertes Passwort oder die zwischengespeicherten E-Mails konnten nicht gelöscht werden: { $error } Falls das Passwort noch im Schlüsselbund des Systems liegt, entfernen Sie es dort von Hand.
## Composer
compose-new = Neue Nachricht
compose-reply = Antworten
compose-reply-all = Allen antworten
compose-forward = Weiterleiten
compose-title = Neue Nachricht
compose-send = Senden
compose-sending = Die Nachricht wird in den Postausgang gelegt…
compose-attach = Anhängen…
compose-discard = Verwerfen
compose-close = Schließen
compose-close-tip = Schließen und den Entwurf behalten
compose-from = Von
compose-to = An
compose-cc = Kopie
compose-bcc = Blindkopie
compose-cc-bcc = Kopie / Blindkopie
compose-subject = Betreff
compose-subject-placeholder = Worum geht es?
compose-address-placeholder = Namen oder Adressen, durch Kommas getrennt
compose-body-placeholder = Schreiben Sie Ihre Nachricht
compose-attachments = Dateien
compose-attachments-total = { $count ->
    [one] 1 Datei, { $size }
   *[other] { $count } Dateien, { $size }
}
compose-too-large = Zusammen sind die Dateien größer als { $limit }. Viele Mailserver lehnen so große Nachrichten ab; teilen Sie sie besser über einen Link.
compose-remove-attachment = { $name } entfernen
compose-attach-not-file = { $name } ist ein Ordner, keine Datei, und wurde nicht angehängt.
compose-attach-unreadable = { $name } konnte nicht gelesen werden ({ $reason }) und wurde nicht angehängt.
compose-no-dialog = Auf diesem Desktop kann kein Dateidialog angezeigt werden. Ziehen Sie Dateien auf das Fenster, um sie anzuhängen.
compose-no-recipient = Geben Sie mindestens einen Empfänger unter An, Kopie oder Blindkopie an.
compose-no-account = Wählen Sie das Konto, von dem gesendet wird.
compose-no-smtp = Für das Konto { $account } ist noch kein Server zum Senden eingerichtet. Fügen Sie ihn unter Einstellungen → Bearbeiten hinzu.
compose-still-saving = Der Entwurf wird gerade gespeichert. Drücken Sie gleich noch einmal auf Senden.
compose-save-failed = Ihr Entwurf konnte nicht gespeichert werden ({ $reason }). Lassen Sie dieses Fenster offen; Tern versucht es beim Weiterschreiben erneut.
compose-send-failed = Die Nachricht konnte nicht in den Postausgang gelegt werden: { $reason } Ihr Entwurf bleibt erhalten.
compose-discard-title = Diesen Entwurf verwerfen?
compose-discard-body = Der Text und die Liste der angehängten Dateien werden verworfen, hier und im Entwürfe-Ordner auf dem Server.
compose-recovered = { $count ->
    [one] Eine Nachricht, die Sie beim Beenden von Tern geschrieben haben, wurde aufbewahrt und ist wieder geöffnet.
   *[other] { $count } Nachrichten, die Sie beim Beenden von Tern geschrieben haben, wurden aufbewahrt; die neueste ist wieder geöffnet.
}
outbox-waiting = { $count ->
    [one] 1 Nachricht wartet auf den Versand
   *[other] { $count } Nachrichten warten auf den Versand
}
outbox-title = Postausgang
outbox-empty = Nichts wartet auf den Versand.
outbox-cancel = Senden abbrechen
outbox-send-now = Jetzt senden
outbox-close = Schließen
outbox-state-queued = Wartet
outbox-state-sending = Wird gesendet…
outbox-state-sent = Gesendet, Kopie wird abgelegt
outbox-state-filed = Gesendet
outbox-state-held = Braucht Ihre Entscheidung
outbox-no-subject = (kein Betreff)
outbox-cancelled = Das Senden wurde abgebrochen; die Nachricht ist wieder bei Ihren Entwürfen.
send-failed = Eine Nachricht konnte nicht gesendet werden: { $reason } Sie bleibt im Postausgang (über die Statuszeile öffnen, um sie jetzt zu senden oder abzubrechen).
setup-display-name = Ihr Name
setup-display-name-placeholder = Wird den Empfängern angezeigt
setup-smtp-host = Server zum Senden (SMTP)
setup-smtp-port = Port
setup-smtp-security = Sicherheit beim Senden
settings-smtp = Senden: { $server }
settings-no-smtp = Kein Server zum Senden
setup-signature = Signatur
setup-signature-placeholder = Wird unter Ihre Nachrichten gesetzt

## What a new user meets
done-read = { $count ->
    [one] Als gelesen markiert
   *[other] { $count } Nachrichten als gelesen markiert
}
done-unread = { $count ->
    [one] Als ungelesen markiert
   *[other] { $count } Nachrichten als ungelesen markiert
}
done-starred = { $count ->
    [one] Markiert
   *[other] { $count } Nachrichten markiert
}
done-unstarred = { $count ->
    [one] Markierung entfernt
   *[other] Markierung von { $count } Nachrichten entfernt
}
done-archived = { $count ->
    [one] Archiviert
   *[other] { $count } Nachrichten archiviert
}
done-deleted = { $count ->
    [one] Gelöscht
   *[other] { $count } Nachrichten gelöscht
}
done-moved = { $count ->
    [one] Verschoben nach { $folder }
   *[other] { $count } Nachrichten verschoben nach { $folder }
}
password-title = Passwort für { $name }
password-body = Tern braucht das Passwort von { $email }, um sich mit { $host } zu verbinden. Auf diesem Computer ist keines gespeichert.
password-refused = Der Server hat dieses Passwort nicht angenommen. Bitte geben Sie es erneut ein.
password-remember = Im Schlüsselbund des Systems speichern
password-no-keychain = Dieser Computer hat keinen Schlüsselbund; Tern behält das Passwort im Arbeitsspeicher, bis es beendet wird.
password-later = Später
password-sign-in = Anmelden
settings-password-not-saved = Passwort nicht gespeichert: Tern fragt beim Start danach
settings-password-no-keychain = Passwort nicht gespeichert (kein Schlüsselbund): Tern fragt beim Start danach
settings-password-checking = Passwort wird gesucht…
status-password-needed = Passwort nötig
status-details = Details
format-kilobytes = { $n } KB
format-megabytes = { $n } MB
format-gigabytes = { $n } GB
format-terabytes = { $n } TB
kind-pdf = PDF-Dokument
kind-document = Word-Dokument
kind-spreadsheet = Tabelle
kind-presentation = Präsentation
kind-zip = ZIP-Archiv
kind-archive = Archiv
kind-calendar = Kalendereinladung
kind-email = E-Mail
kind-web-page = Webseite
kind-image = { $format }-Bild
kind-audio = Audio
kind-video = Video
kind-text = Text
kind-file = Datei
setup-no-file-dialog = Auf diesem Desktop kann kein Dateidialog angezeigt werden. Geben Sie den vollständigen Pfad der Zertifikatsdatei (.pem) im Feld oben ein.
settings-general = Allgemein
settings-theme = Darstellung
settings-theme-system = Wie das System
settings-theme-light = Hell
settings-theme-dark = Dunkel
settings-mark-read = Geöffnete Nachricht als gelesen markieren
settings-mark-read-never = Nie
settings-mark-read-at-once = Sofort
settings-mark-read-after = Nach { $seconds } Sekunden
settings-sync = Alle Ordner abrufen
settings-sync-every = { $minutes ->
    [one] Jede Minute
   *[other] Alle { $minutes } Minuten
}
settings-save-folder = Anhänge speichern in
settings-save-folder-hint = Gilt, bis Sie für ein Konto in einen anderen Ordner speichern; Tern merkt sich dann diesen.
empty-trash = Papierkorb leeren
empty-junk = Spam leeren
empty-trash-title = Papierkorb leeren?
empty-junk-title = Spam-Ordner leeren?
empty-trash-body = { $count ->
    [one] Die Nachricht im Papierkorb wird endgültig gelöscht. Das lässt sich nicht rückgängig machen.
   *[other] Die { $n } Nachrichten im Papierkorb werden endgültig gelöscht. Das lässt sich nicht rückgängig machen.
}
empty-junk-body = { $count ->
    [one] Die Nachricht im Spam-Ordner wird endgültig gelöscht. Das lässt sich nicht rückgängig machen.
   *[other] Die { $n } Nachrichten im Spam-Ordner werden endgültig gelöscht. Das lässt sich nicht rückgängig machen.
}
empty-confirm = Endgültig löschen
app-title-unread = Tern ({ $count ->
    [one] { $n } ungelesen
   *[other] { $n } ungelesen
})
notice-what-subject = „{ $subject }“
notice-what-no-subject = Eine Nachricht ohne Betreff
notice-what-many = { $count } Nachrichten
notice-verb-read = Als gelesen markieren
notice-verb-unread = Als ungelesen markieren
notice-verb-starred = Markieren
notice-verb-unstarred = Markierung entfernen
notice-verb-changed = Ändern
notice-verb-moved = Nach { $folder } verschieben
notice-verb-deleted = Löschen
notice-gone-one = { $what } ist auf dem Server nicht mehr in { $folder }; „{ $verb }“ wurde deshalb nicht ausgeführt.
notice-gone-many = { $what } sind auf dem Server nicht mehr in { $folder }; „{ $verb }“ wurde deshalb nicht ausgeführt.
notice-folder-gone-one = Den Ordner { $folder } gibt es auf dem Server nicht mehr; „{ $verb }“ wurde für { $what } deshalb nicht ausgeführt.
notice-folder-gone-many = Den Ordner { $folder } gibt es auf dem Server nicht mehr; „{ $verb }“ wurde für { $what } deshalb nicht ausgeführt.
notice-dest-gone-one = Den Ordner { $dest } gibt es auf dem Server nicht mehr; { $what } wurde deshalb nicht dorthin verschoben.
notice-dest-gone-many = Den Ordner { $dest } gibt es auf dem Server nicht mehr; { $what } wurden deshalb nicht dorthin verschoben.
notice-renumbered-one = { $folder } wurde auf dem Server neu nummeriert und { $what } war darin nicht wiederzufinden; „{ $verb }“ wurde deshalb nicht ausgeführt.
notice-renumbered-many = { $folder } wurde auf dem Server neu nummeriert und { $what } waren darin nicht wiederzufinden; „{ $verb }“ wurde deshalb nicht ausgeführt.
notice-ambiguous = { $folder } wurde auf dem Server neu nummeriert und { $what } passte dort zu mehr als einer Nachricht; „{ $verb }“ wurde deshalb nicht ausgeführt, um nicht die falsche Nachricht zu ändern.
notice-refused-one = Der Server hat „{ $verb }“ für { $what } nicht angenommen ({ $reason }); angezeigt wird der Stand des Servers.
notice-refused-many = Der Server hat „{ $verb }“ für { $what } nicht angenommen ({ $reason }); angezeigt wird der Stand des Servers.
err-timeout = { $host } hat nicht innerhalb von { $seconds } Sekunden geantwortet. Tern versucht es später erneut.
err-refused = { $host } hat die Verbindung auf Port { $port } abgelehnt. Prüfen Sie die Portnummer; der Server kann auch ausgefallen sein.
err-unreachable = Tern konnte { $host } auf Port { $port } nicht erreichen. Prüfen Sie den Servernamen und Ihre Internetverbindung.
err-stopped-answering = { $host } antwortet nicht mehr. Tern versucht es später erneut.
err-garbled = { $host } hat Daten gesendet, die Tern nicht versteht. Tern hat die Verbindung getrennt und versucht es später erneut.
err-connection-lost = Die Verbindung zu { $host } ist abgebrochen. Tern versucht es später erneut.
err-server-closed = Der Server hat die Verbindung beendet. Tern versucht es später erneut.
err-server-closed-said = Der Server hat die Verbindung beendet (Meldung: „{ $said }“). Tern versucht es später erneut.
err-lost = Die Verbindung ist abgebrochen. Tern versucht es später erneut.
err-auth = Der Server { $host } hat Benutzername oder Passwort nicht angenommen.
err-offline-body = Diese Nachricht wurde noch nicht heruntergeladen und der Server ist nicht erreichbar. Sie öffnet sich, sobald die Verbindung wieder besteht.
err-no-keychain = Der Schlüsselbund des Systems ist nicht verfügbar. Entsperren oder installieren Sie einen (zum Beispiel GNOME Keyring oder KWallet); bis dahin fragt Tern beim Start nach dem Passwort.
err-no-password = Für das Konto { $account } ist kein Passwort gespeichert. Geben Sie es ein, wenn Tern danach fragt, und wählen Sie „Im Schlüsselbund des Systems speichern“, um es zu behalten.
err-disk-full = { $path } konnte nicht gespeichert werden: Der Datenträger ist voll. Geben Sie Speicherplatz frei und versuchen Sie es erneut.
err-not-allowed = { $path } konnte nicht gespeichert werden: Sie dürfen dort nicht schreiben. Wählen Sie einen anderen Ordner.
err-file = { $path } konnte nicht gespeichert werden. Prüfen Sie den Ordner und versuchen Sie es erneut.
err-no-app = Kein Programm konnte { $name } öffnen. Die Datei liegt unter { $path }.
key-ctrl = Strg
key-shift = Umschalt
key-delete = Entf
key-page-up = Bild↑
key-page-down = Bild↓
key-home = Pos1
key-end = Ende
key-escape = Esc
err-cert-expired = Das Zertifikat von { $host } ist abgelaufen; Tern kann nicht sicher sein, mit dem echten Server zu sprechen. Bitten Sie die Serververwaltung, es zu erneuern.
err-cert-not-yet = Das Zertifikat von { $host } ist noch nicht gültig. Prüfen Sie Datum und Uhrzeit dieses Computers.
err-cert-name = Das Zertifikat von { $host } wurde für einen anderen Servernamen ausgestellt. Prüfen Sie den Servernamen; stimmt er, könnte jemand die Verbindung abfangen.
err-cert-unknown-issuer = Das Zertifikat von { $host } ist nicht von einer Stelle signiert, der Tern vertraut (vielleicht selbst signiert). Nutzt Ihr Anbieter eine eigene Stelle, tragen Sie deren Zertifikatsdatei unter „Erweitert“ ein.
err-cert-revoked = Das Zertifikat von { $host } wurde von seinem Aussteller widerrufen.
err-cert-invalid = Das Zertifikat von { $host } ist ungültig. Tern hat keine Verbindung hergestellt.
err-cert-none = { $host } hat kein Zertifikat vorgelegt. Tern hat keine Verbindung hergestellt.
err-tls-refused = { $host } hat die Verschlüsselung abgelehnt. Der Server unterstützt womöglich keine aktuelle Verschlüsselung; fragen Sie Ihren Anbieter nach den richtigen Einstellungen.
err-tls-failed = Tern konnte keine verschlüsselte Verbindung zu { $host } aufbauen. Der Server bietet auf diesem Port vielleicht keine Verschlüsselung an; prüfen Sie Port und Sicherheit.
err-not-downloaded = Die Nachricht konnte nicht heruntergeladen werden.
err-not-cached = Die Nachricht ist nicht mehr im Zwischenspeicher.
err-no-folder = Der Ordner { $path } konnte nicht angelegt werden. Wählen Sie einen anderen Ordner.
err-settings-not-saved = Die Einstellungen konnten nicht in { $path } gespeichert werden.
reader-cancel-download = Diesen Download abbrechen
err-no-starttls = { $host } bietet keine Verschlüsselung (STARTTLS) an, daher hat Tern sich nicht angemeldet. Wählen Sie TLS (meist Port 993), wenn der Anbieter es anbietet.
err-closed-at-once = { $host } hat die Verbindung sofort beendet. Tern versucht es später erneut.
err-not-imap = { $host } hat nicht wie ein Mailserver (IMAP) geantwortet. Prüfen Sie die Portnummer.
err-no-host = Für das Konto ist kein Servername eingetragen. Tragen Sie ihn unter „Erweitert“ ein.
err-plain-refused = Tern verbindet sich nicht unverschlüsselt mit { $host }; das ist nur zu diesem Computer erlaubt. Wählen Sie TLS oder STARTTLS.
err-unsafe-data = Der Server hat Daten gesendet, die Tern nicht sicher lesen kann. Tern hat die Verbindung getrennt und versucht es später erneut.
err-dangerous-file = { $name } ist eine .{ $ext }-Datei, die Programme auf Ihrem Computer ausführen kann. Öffnen Sie sie nur, wenn Sie dem Absender vertrauen.

## Sending errors (issue 16 item 5)
err-smtp-timeout = Der Postausgangsserver { $host } hat nicht rechtzeitig geantwortet. Tern versucht es später erneut.
err-smtp-unreachable = Tern konnte den Postausgangsserver { $host } an Port { $port } nicht erreichen. Die Nachricht bleibt im Postausgang und wird gesendet, sobald der Server erreichbar ist.
err-smtp-tls = Die Verschlüsselung mit dem Postausgangsserver { $host } ist fehlgeschlagen. Tern hat nichts gesendet.
err-smtp-busy = Der Postausgangsserver { $host } kann die Nachricht gerade nicht annehmen ({ $reason }). Sie bleibt im Postausgang; Tern versucht es später erneut.
err-smtp-auth = Der Postausgangsserver { $host } hat Benutzername oder Passwort abgelehnt ({ $reason }). Prüfen Sie beides in den Kontoeinstellungen.
err-smtp-too-large = Die Nachricht ist zu groß für { $host }: Der Server nimmt höchstens { $limit } an. Entfernen oder verkleinern Sie Anhänge und senden Sie erneut.
err-smtp-too-large-said = Die Nachricht ist zu groß für { $host } ({ $reason }). Entfernen oder verkleinern Sie Anhänge und senden Sie erneut.
err-smtp-recipient = Der Server hat den Empfänger { $who } abgelehnt: { $reason }. Korrigieren Sie die Adresse und senden Sie erneut.
err-smtp-refused = Der Postausgangsserver { $host } hat die Nachricht abgelehnt: { $reason }.
err-smtp-lost = Die Verbindung zum Postausgangsserver { $host } wurde unterbrochen. Die Nachricht bleibt im Postausgang; Tern versucht es später erneut.

## Details of errors from the cache, the action queue, IMAP and sending (issue 16 item 5)
err-store-unusable = Der lokale E-Mail-Zwischenspeicher konnte nicht verwendet werden. Er kann vom Server neu aufgebaut werden.
err-create-folder = Tern konnte den Ordner { $path } nicht anlegen. Prüfen Sie, ob Sie dort schreiben dürfen und ob die Festplatte voll ist.
err-open-file = Tern konnte { $path } nicht öffnen. Prüfen Sie, ob Sie dort schreiben dürfen und ob die Festplatte voll ist.
err-path-not-unicode = Tern kann den Ordner { $path } nicht verwenden, weil sein Name kein gültiges Unicode ist. Wählen Sie einen anderen Datenordner.
err-draft-unreadable = Ein Entwurf konnte nicht gelesen werden. Er bleibt unverändert erhalten; nichts ging verloren.
err-draft-not-saved = Der Entwurf konnte nicht gespeichert werden. Kopieren Sie den Text an einen sicheren Ort und versuchen Sie es erneut.
err-draft-not-kept = Der Server hat den Entwurf nicht behalten. Er ist weiterhin auf diesem Computer gespeichert.
err-cache-newer = Der E-Mail-Zwischenspeicher wurde von einer neueren Tern-Version geschrieben. Aktualisieren Sie Tern oder löschen Sie den Zwischenspeicher, um ihn vom Server neu aufzubauen.
err-cache-upgrade = Der E-Mail-Zwischenspeicher konnte nicht aktualisiert werden. Löschen Sie ihn, um ihn vom Server neu aufzubauen.
err-queue-newer = Ihre noch nicht abgeglichenen Änderungen wurden von einer neueren Tern-Version gespeichert. Aktualisieren Sie Tern, um sie zu behalten.
err-queue-upgrade = Die Liste der noch nicht abgeglichenen Änderungen konnte nicht aktualisiert werden. Aktualisieren Sie Tern; die Liste bleibt unverändert.
err-cache-writer-stopped = Das Speichern von Nachrichten im Zwischenspeicher hat unerwartet aufgehört. Tern versucht es beim nächsten Abgleich erneut.
err-task-stopped = Eine Hintergrundaufgabe hat unerwartet aufgehört. Bitte versuchen Sie es erneut.
err-account-gone = Dieses Konto ist nicht mehr im Zwischenspeicher. Starten Sie Tern neu, um es erneut abzugleichen.
err-message-gone = Diese Nachricht ist nicht mehr im Zwischenspeicher. Sie wurde vielleicht verschoben oder gelöscht; die Liste wird nach dem nächsten Abgleich aktualisiert.
err-message-gone-from-server = Die Nachricht ist nicht mehr auf dem Server (sie wurde anderswo verschoben oder gelöscht).
err-part-gone = Dieser Teil der Nachricht existiert nicht mehr.
err-none-chosen = Es wurde nichts zum Ändern gewählt. Wählen Sie zuerst eine Nachricht aus.
err-already-moving = „{ $subject }“ wird bereits verschoben oder gelöscht; sie erscheint nach dem nächsten Abgleich in ihrem neuen Ordner.
err-folder-no-messages = { $dest } kann keine Nachrichten enthalten; wählen Sie einen anderen Ordner.
err-folder-gone = Dieser Ordner gehört nicht mehr zu diesem Konto.
err-use-delete = Verwenden Sie „Löschen“ (in den Papierkorb), um eine Nachricht zu entfernen.
err-no-archive = Dieses Konto hat keinen Archiv-Ordner. Legen Sie einen auf dem Server an oder verschieben Sie die Nachricht stattdessen.
err-no-trash = Dieses Konto hat keinen Papierkorb, daher entfernt Löschen Nachrichten endgültig. Bestätigen Sie, um sie endgültig zu löschen.
err-delete-from-trash = Löschen aus dem Papierkorb entfernt Nachrichten endgültig. Bestätigen Sie, um sie endgültig zu löschen.
err-nothing-to-undo = Es gibt nichts rückgängig zu machen.
err-already-undone = Diese Änderung wurde bereits rückgängig gemacht.
err-undo-expired = Diese Änderung kann nicht mehr rückgängig gemacht werden (Rückgängig ist { $seconds } Sekunden lang möglich).
err-undo-expunged = Endgültig gelöschte Nachrichten wurden bereits vom Server entfernt und können nicht zurückgeholt werden.
err-renumbered-retry = Ein Ordner wurde auf dem Server neu nummeriert, während Tern Änderungen anwendete. Tern versucht es erneut.
err-change-not-applied = Eine Änderung konnte auf dem Server nicht angewendet werden.
err-server-skipped = Der Server hat beim Auflisten eines Ordners Nachrichten ausgelassen. Tern versucht es beim nächsten Abgleich erneut.
err-server-slow = Der Server hat nicht rechtzeitig geantwortet. Tern verbindet sich neu und versucht es erneut.
err-server-incomplete = Die Antwort des Servers war unvollständig. Tern versucht es beim nächsten Abgleich erneut.
err-server-refused = Der Server hat die Änderung abgelehnt: { $said }.
err-server-refused-plain = Der Server hat die Änderung abgelehnt.
err-server-confused = { $host } hat eine Antwort gesendet, die Tern nicht verstehen konnte, daher wurde die Verbindung getrennt. Tern versucht es später erneut.
err-lost-connection = Die Verbindung zu { $host } wurde unterbrochen. Tern versucht es später erneut.
err-push-lost = Die Verbindung für Benachrichtigungen über neue E-Mails wurde unterbrochen. Tern verbindet sich neu.
err-no-uidplus = Dieser Server kann nicht nur Terns Nachrichten entfernen, daher bleiben sie als gelöscht markiert.
err-closed-before-tls = { $host } hat die Verbindung getrennt, bevor die Verschlüsselung begann. Tern versucht es später erneut.
err-tls-injection = { $host } hat beim Start der Verschlüsselung ungefragt Daten gesendet. So werden Verbindungen angegriffen, daher hat Tern die Verbindung ohne Anmeldung getrennt.
err-preauth = { $host } wollte Anmeldung und Verschlüsselung überspringen. Tern arbeitet nie unverschlüsselt und hat die Verbindung getrennt.
err-smtp-no-starttls = Der Postausgangsserver { $host } bietet keine Verschlüsselung (STARTTLS) an, daher hat Tern sich nicht angemeldet. Wählen Sie TLS (meist Port 465), wenn der Anbieter es anbietet.
err-not-smtp = { $host } hat nicht wie ein Postausgangsserver (SMTP) geantwortet. Prüfen Sie Port und Sicherheitseinstellungen.
err-message-damaged = Diese Nachricht konnte nicht gelesen werden: Sie ist auf eine Weise beschädigt, mit der Tern nicht umgehen kann. Andere Nachrichten sind nicht betroffen.
err-attachment-incomplete = Der Anhang kam unvollständig an (der Server sandte { $received } von { $expected } Bytes), daher wurde nichts gespeichert. Bitte versuchen Sie es erneut; wenn es wieder passiert, ist die Nachricht auf dem Server vielleicht beschädigt.
err-write-stopped = Das Schreiben des Anhangs hat unerwartet aufgehört. Es wurde nichts gespeichert; bitte versuchen Sie es erneut.
err-no-smtp = Das Konto { $account } hat keinen Postausgangsserver. Tragen Sie zuerst die SMTP-Einstellungen in den Einstellungen ein.
err-forward-part-gone = Der weitergeleitete Anhang „{ $name }“ ist nicht mehr auf dem Server (seine Nachricht wurde verschoben oder gelöscht). Entfernen Sie ihn aus der Nachricht und senden Sie erneut.
err-forward-part-failed = Ein weitergeleiteter Anhang konnte nicht geholt werden. Tern versucht es erneut.
err-forward-part-later = Der weitergeleitete Anhang „{ $name }“ wird beim Senden vom Server geholt.
err-outbox-unreadable = Diese Nachricht im Postausgang konnte nicht gelesen werden. Löschen Sie sie und schreiben Sie sie erneut.
err-attachment-unreadable = Der Anhang „{ $name }“ konnte nicht gelesen werden. Hängen Sie ihn erneut an oder entfernen Sie ihn.
err-not-an-address = „{ $who }“ ist keine E-Mail-Adresse. Korrigieren Sie sie und senden Sie erneut.
err-own-address-invalid = Die Adresse des Kontos „{ $who }“ ist keine gültige E-Mail-Adresse. Korrigieren Sie sie in den Einstellungen.
err-no-recipient = Diese Nachricht hat keinen Empfänger. Tragen Sie eine Adresse bei An, Cc oder Bcc ein.
err-build-failed = Tern konnte diese Nachricht nicht erstellen. Prüfen Sie die Adressen und versuchen Sie es erneut.
err-send-unsure = Tern wurde beim Senden dieser Nachricht unterbrochen und kann nicht sagen, ob sie verschickt wurde. Fragen Sie einen Empfänger und senden Sie sie dann erneut oder löschen Sie sie.
err-send-maybe-sent = { $what } Tern kann nicht sagen, ob die Nachricht verschickt wurde. Fragen Sie einen Empfänger und senden Sie sie dann erneut oder löschen Sie sie.
err-sent-copy-failed = Gesendet, aber die Kopie konnte nicht im Ordner „Gesendet“ abgelegt werden: { $what } Tern versucht es erneut.
err-said = { $said }
err-store-disk-full = Die Festplatte ist voll. Geben Sie etwas Platz frei; nichts ging verloren und Tern macht weiter.
err-store-busy = Der E-Mail-Zwischenspeicher wird gerade von einem anderen Tern-Prozess benutzt. Versuchen Sie es gleich noch einmal.
err-ca-file = Tern konnte die Zertifikatsdatei { $path } nicht verwenden. Prüfen Sie die Einstellung „ca_file“ des Kontos.
err-tls-setup = Tern konnte die Verschlüsselung auf diesem Computer nicht vorbereiten. Starten Sie Tern neu; wenn es wieder passiert, melden Sie es bitte.
err-bad-host-name = „{ $host }“ ist kein gültiger Servername. Prüfen Sie den Servernamen in den Kontoeinstellungen.
err-no-capabilities = { $host } wollte nicht sagen, was er unterstützt. Tern versucht es später erneut; wenn es wieder passiert, prüfen Sie die Portnummer.
err-password-unsendable = Das Passwort enthält einen Zeilenumbruch oder ein NUL-Zeichen, das Mailserver nicht empfangen können. Prüfen Sie das Passwort in den Kontoeinstellungen.
err-username-unsendable = Der Benutzername enthält einen Zeilenumbruch, den Mailserver nicht empfangen können. Prüfen Sie den Benutzernamen in den Kontoeinstellungen.
err-login-disabled = { $host } erlaubt auf dieser Verbindung keine Anmeldung mit Passwort. Wählen Sie TLS oder STARTTLS oder fragen Sie Ihren Anbieter, wie man sich anmeldet.
err-config-unreadable = Tern konnte die Einstellungsdatei { $path } nicht lesen. Prüfen Sie, ob Sie sie lesen dürfen.
err-config-invalid = Die Einstellungsdatei { $path } enthält einen Fehler ({ $detail }). Korrigieren Sie ihn und starten Sie Tern erneut.
err-config-unwritable = Tern konnte die Kontoeinstellungen nicht schreiben. Bitte versuchen Sie es erneut.
err-no-smtp-host = Das Konto hat keinen Postausgangsserver (SMTP). Tragen Sie ihn in den Kontoeinstellungen ein.
err-smtp-lost-unsure = Die Verbindung zu { $host } brach während des Sendens ab, daher weiß Tern nicht, ob die Nachricht verschickt wurde.
err-smtp-unconfirmed = { $host } hat die Nachricht nicht rechtzeitig bestätigt, daher weiß Tern nicht, ob sie verschickt wurde.

## D: HTML and plain text in the reader
reader-show-quoted = Zitierten Text anzeigen
reader-hide-quoted = Zitierten Text ausblenden
reader-image = Bild
reader-image-load = Bild laden ({ $size })
reader-image-failed = Das Bild kann nicht angezeigt werden (beschädigt, zu groß oder kein Bild). Speichern Sie es über die Anhänge, um es anzusehen.
reader-open-browser = Im Browser öffnen

## F: new-mail notifications
notify-new-mail = { $count ->
    [one] 1 neue Nachricht
   *[other] { $count } neue Nachrichten
}
notify-open = Öffnen
err-folder-name-empty = Geben Sie dem Ordner einen Namen.
err-folder-missing = Dieser Ordner ist auf dem Server schon nicht mehr vorhanden. Die Ordnerliste wird bei der nächsten Synchronisation aktualisiert.
err-folder-inbox = Der Posteingang kann nicht umbenannt oder gelöscht werden.
err-offline-folder = Ordner lassen sich nur anlegen, umbenennen oder löschen, wenn der Server erreichbar ist. Versuchen Sie es erneut, sobald das Konto online ist.

## F: folders
folder-new = Neuer Ordner
folder-rename = Umbenennen
folder-delete = Ordner löschen
folder-delete-title = „{ $name }“ löschen?
folder-delete-body = { $count ->
    [0] Der Ordner ist leer.
    [one] Seine 1 Nachricht wird auch auf dem Server endgültig gelöscht.
   *[other] Seine { $count } Nachrichten werden auch auf dem Server endgültig gelöscht.
}
folder-new-title = Neuer Ordner
folder-create = Anlegen
folder-rename-title = Ordner umbenennen
folder-name-hint = Name (Eltern/Kind für einen Unterordner)
move-filter-hint = Tippen, um Ordner zu filtern
move-title = In Ordner verschieben
## A: search
err-search-unclosed-quote = Die Suche enthält ein Anführungszeichen, das nie geschlossen wird. Ergänzen Sie das schließende " oder entfernen Sie das Anführungszeichen.
err-search-empty-value = Nach „{ $operator }“ fehlt etwas, zum Beispiel { $example }.
err-search-bad-has = „has:{ $value }“ ist unbekannt. Verwenden Sie has:attachment.
err-search-bad-is = „is:{ $value }“ ist unbekannt. Verwenden Sie is:unread oder is:starred.
err-search-bad-date = „{ $value }“ ist kein Datum. Schreiben Sie Daten als JJJJ-MM-TT, zum Beispiel { $operator }2024-03-31.
search-placeholder = E-Mails durchsuchen
search-tip = Wörter, "Wortgruppen", from: to: subject: has:attachment is:unread is:starred in: before: after:
search-scope-folder = Dieser Ordner
search-scope-all = Alle Konten
search-scope-tip = Diesen Ordner oder alle Konten durchsuchen
search-nothing-found = Keine Nachricht passt.
search-count = { $count } gefunden
search-from-server = auf dem Server
search-server-waiting = Der Server wird durchsucht …
search-server-offline = Nur die E-Mails im Speicher dieses Computers wurden durchsucht: Für die Suche auf dem Server ist eine Verbindung nötig.
## Account discovery (issue 13)
err-discover-setting = Die Einstellung { $name }={ $detail } ist nicht verwendbar. Korrigieren oder entfernen Sie sie.
err-discover-setup = Tern konnte die Suche nach den Servereinstellungen nicht vorbereiten ({ $detail }). Geben Sie sie selbst ein.
err-discover-address = „{ $who }“ ist keine E-Mail-Adresse. Geben Sie sie als name@example.org ein.
err-discover-nothing = Tern konnte die Servereinstellungen für { $host } nicht finden. Geben Sie sie selbst ein; die Hilfeseiten Ihres Anbieters nennen sie.
setup-discover-step-table = Tern sieht in seiner Anbieterliste nach…
setup-discover-step-lookups = Tern fragt { $domain } nach den Mail-Einstellungen…
setup-discover-step-mx = Tern fragt den Anbieter, der die Mail für { $domain } empfängt…
setup-discover-step-guesses = Tern probiert die üblichen Servernamen…
setup-found-table = Einstellungen aus Terns Anbieterliste ({ $provider }).
setup-found-autoconfig = Einstellungen, veröffentlicht von { $host }.
setup-found-mx-table = Mail für { $domain } geht an { $provider }: Einstellungen aus Terns Anbieterliste.
setup-found-mx-autoconfig = Einstellungen, veröffentlicht von { $host }, der die Mail für { $domain } empfängt.
setup-found-srv = Einstellungen aus den DNS-Einträgen von { $domain }.
setup-found-guess = Tern hat diese Server geraten und sie haben geantwortet. Prüfen Sie sie unter „Erweiterte Einstellungen“, falls die Anmeldung scheitert.
setup-found-nothing = Tern konnte die Einstellungen für { $domain } nicht finden. Geben Sie sie unter „Erweiterte Einstellungen“ ein; die Hilfeseiten Ihres Anbieters nennen sie.
settings-conversations = Unterhaltungen
settings-conversations-hint = Nachrichten zu Unterhaltungen zusammenfassen
list-count-conversations = { $count } Unterhaltungen
err-cert-changed = Das Zertifikat von { $host } hat sich geändert, seit Sie ihm vertraut haben. Vertraut: SHA-256 { $pinned }. Jetzt vorgelegt: SHA-256 { $presented }. Möglicherweise fängt jemand die Verbindung ab; vertrauen Sie dem neuen Zertifikat nur, wenn die Serververwaltung die Änderung bestätigt.
cert-title = Zertifikat des Servers prüfen
cert-host = Server
cert-fingerprint = SHA-256-Fingerabdruck
cert-pinned-before = Bisher vertraut (SHA-256)
cert-subject = Ausgestellt für
cert-issuer = Ausgestellt von
cert-expires = Gültig bis
cert-advice = Vergleichen Sie den Fingerabdruck mit dem, den Ihr Anbieter oder Ihre Verwaltung Ihnen genannt hat. Vertrauen Sie dem Zertifikat nur, wenn beide übereinstimmen: Tern akzeptiert dann genau dieses Zertifikat für dieses Konto und warnt Sie, falls es sich jemals ändert.
cert-trust = Diesem Zertifikat für dieses Konto vertrauen
health-last-sync = Zuletzt abgeglichen { $when }
health-never-synced = Noch nicht abgeglichen
health-cert-expires = Zertifikat des Servers gültig bis { $when }
health-cert-expires-soon = Das Zertifikat des Servers läuft am { $when } ab. Bitten Sie Ihren Anbieter, es vorher zu erneuern.
health-cert-expired = Das Zertifikat des Servers ist am { $when } abgelaufen. Bitten Sie Ihren Anbieter, es zu erneuern.
health-quota = Speicher: { $used } von { $limit } belegt ({ $percent } %)
health-sign-in-needed = Der Server akzeptiert das Passwort nicht mehr. Tern versucht es nicht weiter, damit das Konto nicht gesperrt wird.
health-sign-in = Erneut anmelden

# Unified views across accounts (issue 11 item 3)
unified-all-inboxes = Alle Posteingänge
unified-unread = Ungelesen
unified-starred = Markiert
unified-tip = Alle Konten zugleich
# Remote images (issue 12 item 3)
reader-show-images = Bilder anzeigen
reader-always-images = Immer für diesen Absender
reader-image-unreachable = Das Bild konnte nicht aus dem Internet geladen werden (keine Antwort oder größer als 5 MB).
settings-image-senders = Bilder dieser Absender werden immer angezeigt
settings-image-senders-none = Noch keine Absender. Wählen Sie „Immer für diesen Absender“ über den blockierten Bildern einer Nachricht.
settings-image-senders-forget = Nicht mehr anzeigen

# Attached messages (issue 12 item 5)
reader-attached-from = Angehängte Nachricht von { $from }
reader-save-eml = Als .eml speichern
## OAuth2 sign-in (issue 13)
err-oauth-no-client-id = Dieses Tern hat keine OAuth-Client-ID für { $provider } (Konto { $account }). Tragen Sie client_id unter [account.imap.oauth] in accounts.toml ein (siehe README) oder verwenden Sie ein App-Passwort.
err-oauth-bad-url = Die OAuth-Adresse „{ $url }“ des Kontos { $account } fehlt oder ist nicht https. Prüfen Sie auth_url und token_url unter [account.imap.oauth] in accounts.toml.
err-oauth-timeout = Die Anmeldung im Browser wurde nicht rechtzeitig abgeschlossen. Versuchen Sie es erneut.
err-oauth-listener = Tern konnte auf diesem Computer nicht auf den Browser warten. Versuchen Sie es erneut.
err-oauth-refused = Die Anmeldung im Browser wurde nicht abgeschlossen ({ $reason }). Versuchen Sie es erneut.
err-oauth-server-refused = Der Anmeldeserver von { $provider } hat die Anfrage abgelehnt ({ $reason }). Prüfen Sie die OAuth-Einstellungen des Kontos oder melden Sie sich erneut an.
err-oauth-unreachable = Tern konnte den Anmeldeserver von { $provider } nicht erreichen. Tern versucht es später erneut.
err-oauth-bad-answer = Der Anmeldeserver von { $provider } hat eine unverständliche Antwort geschickt. Versuchen Sie es später erneut.
err-oauth-sign-in-again = Die Anmeldung für das Konto { $account } ist bei { $provider } abgelaufen oder wurde zurückgezogen. Melden Sie sich erneut an.
err-oauth-no-refresh = { $provider } hat Sie angemeldet, erlaubt Tern aber nicht, angemeldet zu bleiben. Versuchen Sie es erneut; wenn das wieder passiert, prüfen Sie die OAuth-Scopes des Kontos.
err-oauth-mechanism = { $host } bietet die eingestellte Anmeldung ({ $mechanism }) nicht an. Prüfen Sie auth und mechanism in den Kontoeinstellungen.
err-oauth-refused-by-server = Der Server { $host } hat die Anmeldung ({ $mechanism }) nicht angenommen. Melden Sie sich erneut an.
err-keychain-slow = Der Schlüsselbund des Systems hat nicht innerhalb von { $seconds } Sekunden geantwortet. Entsperren Sie ihn und versuchen Sie es erneut.
err-keychain-failed = Das Lesen des Schlüsselbunds ist unerwartet fehlgeschlagen. Versuchen Sie es erneut.
err-oauth-no-browser = Tern konnte keinen Webbrowser für die Anmeldung öffnen. Legen Sie einen Standardbrowser fest und versuchen Sie es erneut.
setup-oauth-sign-in = Mit { $provider } anmelden
setup-oauth-waiting = Schließen Sie die Anmeldung im Webbrowser ab; Tern wartet darauf…
oauth-page-signed-in = Sie sind angemeldet. Sie können diesen Tab schließen und zu Tern zurückkehren.
oauth-page-failed = Die Anmeldung wurde nicht abgeschlossen. Sie können diesen Tab schließen und es in Tern erneut versuchen.
status-sign-in-again = Erneut anmelden
