app-title = Tern
welcome-title = Bienvenue dans Tern
welcome-body = Tern réunit le courrier de tous vos comptes dans une fenêtre rapide, et fonctionne aussi hors ligne. Ajoutez votre premier compte pour commencer.

loading = Chargement…
cancel = Annuler
dismiss = Fermer
config-broken-not-saved = Le fichier accounts.toml n’a pas pu être lu : Tern ne l’écrasera pas. Corrigez le fichier puis redémarrez Tern.

## Nombres et dates
format-group-separator = { "\u202F" }
format-decimal-separator = ,
format-bytes = { $n } o
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.
date-this-year = { $day } { $month }
date-other-year = { $day } { $month } { $year }
date-full = { $day } { $month } { $year } à { $time }

## Erreurs, en termes simples
error-auth = Le serveur n’a pas accepté le nom d’utilisateur ou le mot de passe. Vérifiez le mot de passe (et le nom d’utilisateur dans les paramètres avancés).
error-connect = Aucun serveur de messagerie n’a répondu. Vérifiez le nom du serveur, le port et votre connexion à Internet.
error-certificate = Le certificat du serveur n’est pas fiable : Tern n’a pas envoyé votre mot de passe.
error-no-encryption = Le serveur ne propose aucun chiffrement. Tern n’enverra pas votre mot de passe sans protection.
error-timeout = Le serveur a mis trop de temps à répondre. Réessayez dans un instant.
error-disconnected = La connexion au serveur a été perdue.
error-secret = Aucun mot de passe n’est disponible pour ce compte.
error-config = Les paramètres n’ont pas pu être utilisés.
error-store = Le cache local du courrier n’a pas pu être utilisé.
error-filesystem = Le fichier n’a pas pu être écrit.
error-not-found = Cet élément n’existe plus.
error-message = Ce message n’a pas pu être lu.
error-server = Le serveur a répondu quelque chose que Tern ne peut pas utiliser.
error-needs-confirmation = Cette action demande d’abord votre confirmation.

## Configuration du compte
setup-add-title = Ajouter un compte
setup-edit-title = Paramètres du compte : { $name }
setup-email = Adresse e-mail
setup-email-placeholder = name@example.org
setup-password = Mot de passe
setup-password-placeholder = Le mot de passe de votre messagerie
setup-password-keep = Laissez vide pour garder le mot de passe enregistré
setup-advanced = Paramètres avancés
setup-name = Nom du compte
setup-name-placeholder = Affiché dans la liste des dossiers
setup-host = Serveur IMAP
setup-port = Port
setup-security = Sécurité
setup-username = Nom d’utilisateur
setup-username-placeholder = En général votre adresse e-mail
setup-ca-file = Certificat de confiance supplémentaire (facultatif)
setup-ca-file-placeholder = Un fichier PEM, pour les serveurs d’entreprise ou de test
setup-browse = Parcourir…
setup-connect = Se connecter
setup-save = Tester et enregistrer
setup-testing = Connexion à { $host }…
setup-invalid-email = Saisissez une adresse e-mail, par exemple vous@example.org.
setup-invalid-host = Saisissez le nom du serveur IMAP dans les paramètres avancés.
setup-invalid-port = Saisissez un numéro de port entre 1 et 65535.
setup-invalid-password = Saisissez votre mot de passe.
setup-no-keychain = Vous êtes connecté, mais le trousseau du système n’a pas pu enregistrer votre mot de passe.
setup-keep-session = Le garder pour cette session uniquement
security-tls = TLS (recommandé)
security-starttls = STARTTLS
security-plain = Aucune (cet ordinateur uniquement)

## Paramètres
settings-title = Paramètres
settings-accounts = Comptes
settings-add = Ajouter un compte
settings-done = Terminé
settings-edit = Modifier
settings-remove = Supprimer
settings-remove-confirm = Retirer { $name } de Tern ? Les messages restent sur le serveur.
settings-no-accounts = Aucun compte pour l’instant.
settings-password-keychain = Mot de passe dans le trousseau du système
settings-password-session = Mot de passe gardé en mémoire jusqu’à la fermeture de Tern (non enregistré)
settings-password-command = Mot de passe fourni par une commande

## Dossiers
folder-inbox = Boîte de réception
folder-sent = Envoyés
folder-drafts = Brouillons
folder-trash = Corbeille
folder-junk = Indésirables
folder-archive = Archives
folder-all = Tous les messages
folders-none = Aucun dossier pour l’instant

## Liste des messages
list-no-folder = Choisissez un dossier
list-empty = Aucun message dans ce dossier
list-no-subject = (sans objet)
list-count = { $count } messages
list-refresh = Relever le courrier
list-keys = Parcourir les messages

## Lecture
reader-nothing = Sélectionnez un message pour le lire
reader-downloading = Téléchargement du message…
reader-to = À : { $list }
reader-cc = Cc : { $list }
reader-remote-blocked = Les images et contenus distants ont été bloqués pour protéger votre vie privée.
reader-truncated = Une partie de ce message a été omise, car elle est endommagée ou trop volumineuse.
reader-attachments = { $count ->
    [one] 1 pièce jointe
   *[other] { $count } pièces jointes
}
reader-save = Enregistrer
reader-save-all = Tout enregistrer
reader-open = Ouvrir
reader-saved = Enregistré dans { $path }
reader-no-dialog = Aucune boîte de dialogue de fichier n’a pu être affichée sur ce système.
reader-save-into = Enregistrer dans { $dir }
confirm-open-title = Ce fichier peut lancer des programmes
confirm-open-body = { $name } est un fichier .{ $ext }. L’ouvrir peut lancer des programmes sur votre ordinateur. Ne l’ouvrez que si vous faites confiance à l’expéditeur.
confirm-open-anyway = Ouvrir quand même

## État
status-online = En ligne
status-offline = Hors ligne
status-connecting = Connexion…
status-syncing = Synchronisation de { $folder } : { $done } sur { $total }
status-folder = un dossier
status-retry = Réessayer
status-enter-password = Saisir le mot de passe

## Managing mail
action-toggle-read = Marquer comme lu ou non lu
action-toggle-star = Suivre ou ne plus suivre
action-archive = Archiver
action-delete = Supprimer
action-move = Déplacer vers…
action-done = C’est fait.
action-undo = Annuler
list-selected = { $count } sélectionnés
status-pending = { $count ->
    [one] 1 modification en attente de synchronisation
   *[other] { $n } modifications en attente de synchronisation
}
confirm-delete-title = Supprimer définitivement ?
confirm-delete-body = { $count ->
    [one] Ce message est déjà dans la corbeille. Le supprimer à nouveau l’efface définitivement ; c’est irréversible.
   *[other] Ces { $count } messages sont déjà dans la corbeille. Les supprimer à nouveau les efface définitivement ; c’est irréversible.
}
confirm-delete-forever = Supprimer définitivement

## solid (issue 16)
account-removed-cleanup-failed = Le compte a été retiré de Tern, mais son mot de passe enregistré ou ses messages en cache n’ont pas pu être supprimés : { $error } Si le mot de passe est encore dans le trousseau du système, retirez-le à la main.
## Composer
compose-new = Nouveau message
compose-reply = Répondre
compose-reply-all = Répondre à tous
compose-forward = Transférer
compose-title = Nouveau message
compose-send = Envoyer
compose-sending = Le message est placé dans la boîte d’envoi…
compose-attach = Joindre…
compose-discard = Supprimer le brouillon
compose-close = Fermer
compose-close-tip = Fermer et garder le brouillon
compose-from = De
compose-to = À
compose-cc = Cc
compose-bcc = Cci
compose-cc-bcc = Cc / Cci
compose-subject = Objet
compose-subject-placeholder = De quoi s’agit-il ?
compose-address-placeholder = Noms ou adresses, séparés par des virgules
compose-body-placeholder = Écrivez votre message
compose-attachments = Fichiers
compose-attachments-total = { $count ->
    [one] 1 fichier, { $size }
   *[other] { $count } fichiers, { $size }
}
compose-too-large = Ensemble, les fichiers dépassent { $limit }. Beaucoup de serveurs refusent des messages aussi gros ; partagez-les plutôt par un lien.
compose-remove-attachment = Retirer { $name }
compose-attach-not-file = { $name } est un dossier, pas un fichier : il n’a pas été joint.
compose-attach-unreadable = { $name } n’a pas pu être lu ({ $reason }) : il n’a pas été joint.
compose-no-dialog = Aucune fenêtre de choix de fichiers ne peut s’afficher sur ce bureau. Glissez des fichiers sur la fenêtre pour les joindre.
compose-no-recipient = Indiquez au moins un destinataire dans À, Cc ou Cci.
compose-no-account = Choisissez le compte d’envoi.
compose-no-smtp = Le compte { $account } n’a pas encore de serveur d’envoi. Ajoutez-le dans Réglages → Modifier.
compose-still-saving = Le brouillon est en cours d’enregistrement. Appuyez de nouveau sur Envoyer dans un instant.
compose-save-failed = Votre brouillon n’a pas pu être enregistré ({ $reason }). Gardez cette fenêtre ouverte ; Tern réessaie pendant que vous écrivez.
compose-send-failed = Le message n’a pas pu être placé dans la boîte d’envoi : { $reason } Votre brouillon est conservé.
compose-discard-title = Supprimer ce brouillon ?
compose-discard-body = Le texte et la liste des fichiers joints sont supprimés, ici et dans le dossier Brouillons du serveur.
compose-recovered = { $count ->
    [one] Un message que vous écriviez quand Tern s’est arrêté a été conservé et est de nouveau ouvert.
   *[other] { $count } messages que vous écriviez quand Tern s’est arrêté ont été conservés ; le plus récent est de nouveau ouvert.
}
outbox-waiting = { $count ->
    [one] 1 message en attente d’envoi
   *[other] { $count } messages en attente d’envoi
}
outbox-title = Boîte d’envoi
outbox-empty = Rien n’attend d’être envoyé.
outbox-cancel = Annuler l’envoi
outbox-send-now = Envoyer maintenant
outbox-close = Fermer
outbox-state-queued = En attente
outbox-state-sending = Envoi en cours…
outbox-state-sent = Envoyé, copie en cours de classement
outbox-state-filed = Envoyé
outbox-state-held = Demande votre attention
outbox-no-subject = (sans objet)
outbox-cancelled = L’envoi a été annulé ; le message est de nouveau parmi vos brouillons.
send-failed = Un message n’a pas pu être envoyé : { $reason } Il reste dans la boîte d’envoi (ouvrez-la depuis la ligne d’état pour l’envoyer maintenant ou l’annuler).
setup-display-name = Votre nom
setup-display-name-placeholder = Affiché aux destinataires
setup-smtp-host = Serveur d’envoi (SMTP)
setup-smtp-port = Port
setup-smtp-security = Sécurité de l’envoi
settings-smtp = Envoi : { $server }
settings-no-smtp = Aucun serveur d’envoi
setup-signature = Signature
setup-signature-placeholder = Ajoutée sous les messages que vous écrivez

## What a new user meets
done-read = { $count ->
    [one] Marqué comme lu
   *[other] { $count } messages marqués comme lus
}
done-unread = { $count ->
    [one] Marqué comme non lu
   *[other] { $count } messages marqués comme non lus
}
done-starred = { $count ->
    [one] Suivi ajouté
   *[other] Suivi ajouté à { $count } messages
}
done-unstarred = { $count ->
    [one] Suivi retiré
   *[other] Suivi retiré de { $count } messages
}
done-archived = { $count ->
    [one] Archivé
   *[other] { $count } messages archivés
}
done-deleted = { $count ->
    [one] Supprimé
   *[other] { $count } messages supprimés
}
done-moved = { $count ->
    [one] Déplacé vers { $folder }
   *[other] { $count } messages déplacés vers { $folder }
}
password-title = Mot de passe de { $name }
password-body = Tern a besoin du mot de passe de { $email } pour se connecter à { $host }. Aucun n’est enregistré sur cet ordinateur.
password-refused = Le serveur n’a pas accepté ce mot de passe. Veuillez le saisir à nouveau.
password-remember = L’enregistrer dans le trousseau du système
password-no-keychain = Cet ordinateur n’a pas de trousseau ; Tern garde le mot de passe en mémoire jusqu’à sa fermeture.
password-later = Plus tard
password-sign-in = Se connecter
settings-password-not-saved = Mot de passe non enregistré : Tern le demande au démarrage
settings-password-no-keychain = Mot de passe non enregistré (pas de trousseau) : Tern le demande au démarrage
settings-password-checking = Recherche du mot de passe…
status-password-needed = Mot de passe requis
status-details = Détails
format-kilobytes = { $n } Ko
format-megabytes = { $n } Mo
format-gigabytes = { $n } Go
format-terabytes = { $n } To
kind-pdf = Document PDF
kind-document = Document Word
kind-spreadsheet = Feuille de calcul
kind-presentation = Présentation
kind-zip = Archive ZIP
kind-archive = Archive
kind-calendar = Invitation d’agenda
kind-email = Message e-mail
kind-web-page = Page web
kind-image = Image { $format }
kind-audio = Audio
kind-video = Vidéo
kind-text = Texte
kind-file = Fichier
setup-no-file-dialog = Aucune fenêtre de choix de fichier ne peut s’afficher sur ce bureau. Saisissez le chemin complet du fichier de certificat (.pem) dans le champ ci-dessus.
settings-general = Général
settings-theme = Apparence
settings-theme-system = Comme le système
settings-theme-light = Clair
settings-theme-dark = Sombre
settings-mark-read = Marquer comme lu un message ouvert
settings-mark-read-never = Jamais
settings-mark-read-at-once = Tout de suite
settings-mark-read-after = Après { $seconds } secondes
settings-sync = Relever tous les dossiers
settings-sync-every = { $minutes ->
    [one] Chaque minute
   *[other] Toutes les { $minutes } minutes
}
settings-save-folder = Enregistrer les pièces jointes dans
settings-save-folder-hint = Utilisé tant que vous n’enregistrez pas dans un autre dossier pour un compte ; Tern retient alors celui-ci.
empty-trash = Vider la corbeille
empty-junk = Vider les indésirables
empty-trash-title = Vider la corbeille ?
empty-junk-title = Vider le dossier des indésirables ?
empty-trash-body = { $count ->
    [one] Le message de la corbeille sera supprimé définitivement. C’est irréversible.
   *[other] Les { $n } messages de la corbeille seront supprimés définitivement. C’est irréversible.
}
empty-junk-body = { $count ->
    [one] Le message des indésirables sera supprimé définitivement. C’est irréversible.
   *[other] Les { $n } messages des indésirables seront supprimés définitivement. C’est irréversible.
}
empty-confirm = Supprimer définitivement
app-title-unread = Tern ({ $count ->
    [one] { $n } non lu
   *[other] { $n } non lus
})
notice-what-subject = « { $subject } »
notice-what-no-subject = Un message sans objet
notice-what-many = { $count } messages
notice-verb-read = Marquer comme lu
notice-verb-unread = Marquer comme non lu
notice-verb-starred = Suivre
notice-verb-unstarred = Ne plus suivre
notice-verb-changed = Modifier
notice-verb-moved = Déplacer vers { $folder }
notice-verb-deleted = Supprimer
notice-gone-one = { $what } n’est plus dans { $folder } sur le serveur ; « { $verb } » n’a donc pas été appliqué.
notice-gone-many = { $what } ne sont plus dans { $folder } sur le serveur ; « { $verb } » n’a donc pas été appliqué.
notice-folder-gone-one = Le dossier { $folder } n’existe plus sur le serveur ; « { $verb } » n’a donc pas été appliqué à { $what }.
notice-folder-gone-many = Le dossier { $folder } n’existe plus sur le serveur ; « { $verb } » n’a donc pas été appliqué à { $what }.
notice-dest-gone-one = Le dossier { $dest } n’existe plus sur le serveur ; { $what } n’y a donc pas été déplacé.
notice-dest-gone-many = Le dossier { $dest } n’existe plus sur le serveur ; { $what } n’y ont donc pas été déplacés.
notice-renumbered-one = { $folder } a été renuméroté sur le serveur et { $what } n’y a pas été retrouvé ; « { $verb } » n’a donc pas été appliqué.
notice-renumbered-many = { $folder } a été renuméroté sur le serveur et { $what } n’y ont pas été retrouvés ; « { $verb } » n’a donc pas été appliqué.
notice-ambiguous = { $folder } a été renuméroté sur le serveur et { $what } correspondait à plusieurs messages ; « { $verb } » n’a donc pas été appliqué, pour ne pas modifier le mauvais message.
notice-refused-one = Le serveur n’a pas accepté « { $verb } » pour { $what } ({ $reason }) ; l’état affiché est celui du serveur.
notice-refused-many = Le serveur n’a pas accepté « { $verb } » pour { $what } ({ $reason }) ; l’état affiché est celui du serveur.
err-timeout = { $host } n’a pas répondu en { $seconds } secondes. Tern réessaiera plus tard.
err-refused = { $host } a refusé la connexion sur le port { $port }. Vérifiez le numéro de port ; le serveur est peut-être aussi arrêté.
err-unreachable = Tern n’a pas pu joindre { $host } sur le port { $port }. Vérifiez le nom du serveur et votre connexion Internet.
err-stopped-answering = { $host } ne répond plus. Tern réessaiera plus tard.
err-garbled = { $host } a envoyé des données que Tern ne comprend pas. Tern s’est déconnecté et réessaiera plus tard.
err-connection-lost = La connexion à { $host } a été perdue. Tern réessaiera plus tard.
err-server-closed = Le serveur a fermé la connexion. Tern réessaiera plus tard.
err-server-closed-said = Le serveur a fermé la connexion (message : « { $said } »). Tern réessaiera plus tard.
err-lost = La connexion a été perdue. Tern réessaiera plus tard.
err-auth = Le serveur { $host } n’a pas accepté le nom d’utilisateur ou le mot de passe.
err-offline-body = Ce message n’a pas encore été téléchargé et le serveur est injoignable. Il s’ouvrira dès que la connexion sera rétablie.
err-no-keychain = Le trousseau du système n’est pas disponible. Déverrouillez ou installez un trousseau (par exemple GNOME Keyring ou KWallet) ; d’ici là, Tern demande le mot de passe au démarrage.
err-no-password = Aucun mot de passe n’est enregistré pour le compte { $account }. Saisissez-le quand Tern le demande et cochez « L’enregistrer dans le trousseau du système » pour le garder.
err-disk-full = Impossible d’enregistrer { $path } : le disque est plein. Libérez de la place et réessayez.
err-not-allowed = Impossible d’enregistrer { $path } : vous n’avez pas le droit d’écrire à cet endroit. Choisissez un autre dossier.
err-file = Impossible d’enregistrer { $path }. Vérifiez le dossier et réessayez.
err-no-app = Aucune application n’a pu ouvrir { $name }. Le fichier est enregistré dans { $path }.
key-ctrl = Ctrl
key-shift = Maj
key-delete = Suppr
key-page-up = Pg. préc.
key-page-down = Pg. suiv.
key-home = Début
key-end = Fin
key-escape = Échap
err-cert-expired = Le certificat de { $host } a expiré ; Tern ne peut pas être sûr de parler au vrai serveur. Demandez à l’administrateur du serveur de le renouveler.
err-cert-not-yet = Le certificat de { $host } n’est pas encore valide. Vérifiez la date et l’heure de cet ordinateur.
err-cert-name = Le certificat présenté par { $host } a été émis pour un autre nom de serveur. Vérifiez le nom du serveur ; s’il est correct, quelqu’un intercepte peut-être la connexion.
err-cert-unknown-issuer = Le certificat de { $host } n’est pas signé par une autorité de confiance pour Tern (il est peut-être auto-signé). Si votre fournisseur utilise sa propre autorité, indiquez son fichier de certificat dans les paramètres avancés.
err-cert-revoked = Le certificat de { $host } a été révoqué par son émetteur.
err-cert-invalid = Le certificat de { $host } n’est pas valide. Tern ne s’est pas connecté.
err-cert-none = { $host } n’a présenté aucun certificat. Tern ne s’est pas connecté.
err-tls-refused = { $host } a refusé d’établir le chiffrement. Le serveur ne prend peut-être pas en charge un chiffrement actuel ; demandez les bons paramètres à votre fournisseur.
err-tls-failed = Tern n’a pas pu établir de connexion chiffrée avec { $host }. Le serveur ne propose peut-être pas de chiffrement sur ce port ; vérifiez le port et la sécurité.
err-not-downloaded = Le message n’a pas pu être téléchargé.
err-not-cached = Le message n’est plus dans le cache.
err-no-folder = Impossible de créer le dossier { $path }. Choisissez un autre dossier.
err-settings-not-saved = Impossible d’enregistrer les réglages dans { $path }.
reader-cancel-download = Arrêter ce téléchargement
err-no-starttls = { $host } ne propose pas de chiffrement (STARTTLS) ; Tern ne s’est donc pas connecté. Choisissez TLS (en général le port 993) si le fournisseur le propose.
err-closed-at-once = { $host } a fermé la connexion aussitôt. Tern réessaiera plus tard.
err-not-imap = { $host } n’a pas répondu comme un serveur de messagerie (IMAP). Vérifiez le numéro de port.
err-no-host = Le compte n’a pas de nom de serveur. Indiquez-le dans les paramètres avancés.
err-plain-refused = Tern ne se connecte pas à { $host } sans chiffrement ; ce n’est permis que vers cet ordinateur. Choisissez TLS ou STARTTLS.
err-unsafe-data = Le serveur a envoyé des données que Tern ne peut pas lire sans risque. Tern s’est déconnecté et réessaiera plus tard.
err-dangerous-file = { $name } est un fichier .{ $ext }, qui peut lancer des programmes sur votre ordinateur. Ne l’ouvrez que si vous faites confiance à l’expéditeur.

## Sending errors (issue 16 item 5)
err-smtp-timeout = Le serveur d’envoi { $host } n’a pas répondu à temps. Tern réessaiera plus tard.
err-smtp-unreachable = Tern n’a pas pu joindre le serveur d’envoi { $host } sur le port { $port }. Le message reste dans la boîte d’envoi et partira dès que le serveur sera joignable.
err-smtp-tls = Le chiffrement avec le serveur d’envoi { $host } a échoué. Tern n’a rien envoyé.
err-smtp-busy = Le serveur d’envoi { $host } ne peut pas accepter le message pour l’instant ({ $reason }). Il reste dans la boîte d’envoi et Tern réessaiera plus tard.
err-smtp-auth = Le serveur d’envoi { $host } a refusé le nom d’utilisateur ou le mot de passe ({ $reason }). Vérifiez-les dans les réglages du compte.
err-smtp-too-large = Le message est trop volumineux pour { $host } : il accepte au plus { $limit }. Retirez ou réduisez des pièces jointes et renvoyez-le.
err-smtp-too-large-said = Le message est trop volumineux pour { $host } ({ $reason }). Retirez ou réduisez des pièces jointes et renvoyez-le.
err-smtp-recipient = Le serveur a refusé le destinataire { $who } : { $reason }. Corrigez l’adresse et renvoyez le message.
err-smtp-refused = Le serveur d’envoi { $host } a refusé le message : { $reason }.
err-smtp-lost = La connexion au serveur d’envoi { $host } a été perdue. Le message reste dans la boîte d’envoi et Tern réessaiera plus tard.

## Details of errors from the cache, the action queue, IMAP and sending (issue 16 item 5)
err-store-unusable = Le cache local des messages n'a pas pu être utilisé. Il peut être reconstruit depuis le serveur.
err-create-folder = Tern n'a pas pu créer le dossier { $path }. Vérifiez que vous pouvez y écrire et que le disque n'est pas plein.
err-open-file = Tern n'a pas pu ouvrir { $path }. Vérifiez que vous pouvez y écrire et que le disque n'est pas plein.
err-path-not-unicode = Tern ne peut pas utiliser le dossier { $path } car son nom n'est pas de l'Unicode valide. Choisissez un autre dossier de données.
err-draft-unreadable = Un brouillon n'a pas pu être lu. Il est conservé tel quel ; rien n'a été perdu.
err-draft-not-saved = Le brouillon n'a pas pu être enregistré. Copiez son texte en lieu sûr et réessayez.
err-draft-not-kept = Le serveur n'a pas conservé le brouillon. Il reste enregistré sur cet ordinateur.
err-cache-newer = Le cache des messages a été écrit par une version plus récente de Tern. Mettez Tern à jour, ou supprimez le cache pour le reconstruire depuis le serveur.
err-cache-upgrade = Le cache des messages n'a pas pu être mis à niveau. Supprimez-le pour le reconstruire depuis le serveur.
err-queue-newer = Vos modifications en attente de synchronisation ont été enregistrées par une version plus récente de Tern. Mettez Tern à jour pour les conserver.
err-queue-upgrade = La liste des modifications en attente n'a pas pu être mise à niveau. Mettez Tern à jour ; la liste est conservée telle quelle.
err-cache-writer-stopped = L'enregistrement des messages dans le cache s'est arrêté de façon inattendue. Tern réessaiera à la prochaine synchronisation.
err-task-stopped = Une tâche d'arrière-plan s'est arrêtée de façon inattendue. Veuillez réessayer.
err-account-gone = Ce compte n'est plus dans le cache. Redémarrez Tern pour le synchroniser à nouveau.
err-message-gone = Ce message n'est plus dans le cache. Il a peut-être été déplacé ou supprimé ; la liste sera mise à jour après la prochaine synchronisation.
err-message-gone-from-server = Le message n'est plus sur le serveur (il a été déplacé ou supprimé ailleurs).
err-part-gone = Cette partie du message n'existe plus.
err-none-chosen = Rien n'a été choisi. Sélectionnez d'abord un message.
err-already-moving = « { $subject } » est déjà en cours de déplacement ou de suppression ; il apparaîtra dans son nouveau dossier après la prochaine synchronisation.
err-folder-no-messages = { $dest } ne peut pas contenir de messages ; choisissez un autre dossier.
err-folder-gone = Ce dossier ne fait plus partie de ce compte.
err-use-delete = Utilisez Supprimer (vers la corbeille) pour retirer un message.
err-no-archive = Ce compte n'a pas de dossier Archives. Créez-en un sur le serveur, ou déplacez plutôt le message.
err-no-trash = Ce compte n'a pas de corbeille : supprimer efface donc les messages définitivement. Confirmez pour les supprimer définitivement.
err-delete-from-trash = Supprimer depuis la corbeille efface les messages définitivement. Confirmez pour les supprimer définitivement.
err-nothing-to-undo = Il n'y a rien à annuler.
err-already-undone = Cette modification a déjà été annulée.
err-undo-expired = Cette modification ne peut plus être annulée (l'annulation est possible pendant { $seconds } secondes).
err-undo-expunged = Les messages supprimés définitivement ont déjà été retirés du serveur et ne peuvent pas être récupérés.
err-renumbered-retry = Un dossier a été renuméroté sur le serveur pendant que Tern appliquait des modifications. Tern va réessayer.
err-change-not-applied = Une modification n'a pas pu être appliquée sur le serveur.
err-server-skipped = Le serveur a sauté des messages en listant un dossier. Tern réessaiera à la prochaine synchronisation.
err-server-slow = Le serveur n'a pas répondu à temps. Tern va se reconnecter et réessayer.
err-server-incomplete = La réponse du serveur était incomplète. Tern réessaiera à la prochaine synchronisation.
err-server-refused = Le serveur a refusé la modification : { $said }.
err-server-refused-plain = Le serveur a refusé la modification.
err-server-confused = { $host } a envoyé une réponse que Tern n'a pas comprise, la connexion a donc été fermée. Tern réessaiera plus tard.
err-lost-connection = La connexion à { $host } a été perdue. Tern réessaiera plus tard.
err-push-lost = La connexion pour les notifications de nouveaux messages a été perdue. Tern va se reconnecter.
err-no-uidplus = Ce serveur ne peut pas retirer uniquement les messages de Tern ; ils restent marqués comme supprimés.
err-closed-before-tls = { $host } a fermé la connexion avant le début du chiffrement. Tern réessaiera plus tard.
err-tls-injection = { $host } a envoyé des données non demandées pendant le démarrage du chiffrement. C'est ainsi que les connexions sont attaquées : Tern s'est déconnecté sans se connecter au compte.
err-preauth = { $host } a tenté de sauter l'identification et le chiffrement. Tern ne travaille jamais sans chiffrement et s'est déconnecté.
err-smtp-no-starttls = Le serveur d'envoi { $host } ne propose pas de chiffrement (STARTTLS), Tern ne s'est donc pas identifié. Choisissez TLS (souvent le port 465) si le fournisseur le propose.
err-not-smtp = { $host } n'a pas répondu comme un serveur d'envoi (SMTP). Vérifiez le port et les réglages de sécurité.
err-message-damaged = Ce message n'a pas pu être lu : il est endommagé d'une façon que Tern ne sait pas traiter. Les autres messages ne sont pas concernés.
err-attachment-incomplete = La pièce jointe est arrivée incomplète (le serveur a envoyé { $received } octets sur { $expected }), rien n'a donc été enregistré. Veuillez réessayer ; si cela se reproduit, le message est peut-être endommagé sur le serveur.
err-write-stopped = L'écriture de la pièce jointe s'est arrêtée de façon inattendue. Rien n'a été enregistré ; veuillez réessayer.
err-no-smtp = Le compte { $account } n'a pas de serveur d'envoi. Ajoutez d'abord ses réglages d'envoi (SMTP) dans les Réglages.
err-forward-part-gone = La pièce jointe transférée « { $name } » n'est plus sur le serveur (son message a été déplacé ou supprimé). Retirez-la du message et renvoyez-le.
err-forward-part-failed = Une pièce jointe transférée n'a pas pu être récupérée. Tern va réessayer.
err-forward-part-later = La pièce jointe transférée « { $name } » est récupérée sur le serveur au moment de l'envoi.
err-outbox-unreadable = Ce message de la boîte d'envoi n'a pas pu être lu. Supprimez-le et écrivez-le à nouveau.
err-attachment-unreadable = La pièce jointe « { $name } » n'a pas pu être lue. Joignez-la à nouveau ou retirez-la.
err-not-an-address = « { $who } » n'est pas une adresse e-mail. Corrigez-la et renvoyez.
err-own-address-invalid = L'adresse du compte « { $who } » n'est pas une adresse e-mail valide. Corrigez-la dans les Réglages.
err-no-recipient = Ce message n'a pas de destinataire. Ajoutez une adresse dans À, Cc ou Cci.
err-build-failed = Tern n'a pas pu construire ce message. Vérifiez les adresses et réessayez.
err-send-unsure = Tern a été interrompu pendant l'envoi de ce message et ne peut pas dire s'il est parti. Demandez à un destinataire, puis renvoyez-le ou supprimez-le.
err-send-maybe-sent = { $what } Tern ne peut pas dire si le message est parti. Demandez à un destinataire, puis renvoyez-le ou supprimez-le.
err-sent-copy-failed = Envoyé, mais sa copie n'a pas pu être rangée dans le dossier Envoyés : { $what } Tern va réessayer.
err-said = { $said }
err-store-disk-full = Le disque est plein. Libérez de la place ; rien n'a été perdu et Tern continuera.
err-store-busy = Le cache des messages est utilisé par un autre processus Tern. Réessayez dans un instant.
err-ca-file = Tern n'a pas pu utiliser le fichier de certificat { $path }. Vérifiez le réglage « ca_file » du compte.
err-tls-setup = Tern n'a pas pu préparer le chiffrement sur cet ordinateur. Redémarrez Tern ; si cela se reproduit, signalez-le.
err-bad-host-name = « { $host } » n'est pas un nom de serveur valide. Vérifiez le nom du serveur dans les réglages du compte.
err-no-capabilities = { $host } a refusé d'indiquer ce qu'il prend en charge. Tern réessaiera plus tard ; si cela se reproduit, vérifiez le numéro de port.
err-password-unsendable = Le mot de passe contient un saut de ligne ou un caractère NUL, que les serveurs de messagerie ne peuvent pas recevoir. Vérifiez le mot de passe dans les réglages du compte.
err-username-unsendable = Le nom d'utilisateur contient un saut de ligne, que les serveurs de messagerie ne peuvent pas recevoir. Vérifiez-le dans les réglages du compte.
err-login-disabled = { $host } n'accepte pas de connexion par mot de passe sur cette connexion. Choisissez TLS ou STARTTLS, ou demandez à votre fournisseur comment vous connecter.
err-config-unreadable = Tern n'a pas pu lire le fichier de réglages { $path }. Vérifiez que vous avez le droit de le lire.
err-config-invalid = Le fichier de réglages { $path } contient une erreur ({ $detail }). Corrigez-la et relancez Tern.
err-config-unwritable = Tern n'a pas pu écrire les réglages du compte. Veuillez réessayer.
err-no-smtp-host = Le compte n'a pas de serveur d'envoi (SMTP). Ajoutez-le dans les réglages du compte.
err-smtp-lost-unsure = La connexion à { $host } a été perdue pendant l'envoi : Tern ne peut pas savoir si le message est parti.
err-smtp-unconfirmed = { $host } n'a pas confirmé le message à temps : Tern ne peut pas savoir s'il est parti.

## D: HTML and plain text in the reader
reader-show-quoted = Afficher le texte cité
reader-hide-quoted = Masquer le texte cité
reader-image = Image
reader-image-load = Charger l’image ({ $size })
reader-image-failed = L’image ne peut pas être affichée (endommagée, trop grande ou pas une image). Enregistrez-la depuis les pièces jointes pour la voir.
reader-open-browser = Ouvrir dans le navigateur

## F: new-mail notifications
notify-new-mail = { $count ->
    [one] 1 nouveau message
   *[other] { $count } nouveaux messages
}
notify-open = Ouvrir
err-folder-name-empty = Donnez un nom au dossier.
err-folder-missing = Ce dossier n’existe déjà plus sur le serveur. La liste des dossiers sera mise à jour à la prochaine synchronisation.
err-folder-inbox = La boîte de réception ne peut être ni renommée ni supprimée.
err-offline-folder = Les dossiers ne peuvent être créés, renommés ou supprimés que lorsque le serveur est joignable. Réessayez quand le compte sera en ligne.

## F: folders
folder-new = Nouveau dossier
folder-rename = Renommer
folder-delete = Supprimer le dossier
folder-delete-title = Supprimer « { $name } » ?
folder-delete-body = { $count ->
    [0] Le dossier est vide.
    [one] Son message est aussi supprimé du serveur, définitivement.
   *[other] Ses { $count } messages sont aussi supprimés du serveur, définitivement.
}
folder-new-title = Nouveau dossier
folder-create = Créer
folder-rename-title = Renommer le dossier
folder-name-hint = Nom (Parent/Enfant pour un sous-dossier)
move-filter-hint = Tapez pour filtrer les dossiers
move-title = Déplacer vers un dossier
## A: search
err-search-unclosed-quote = La recherche contient un guillemet jamais fermé. Ajoutez le " fermant ou retirez le guillemet.
err-search-empty-value = Il manque quelque chose après « { $operator } », par exemple { $example }.
err-search-bad-has = « has:{ $value } » n'est pas connu. Utilisez has:attachment.
err-search-bad-is = « is:{ $value } » n'est pas connu. Utilisez is:unread ou is:starred.
err-search-bad-date = « { $value } » n'est pas une date. Écrivez les dates sous la forme AAAA-MM-JJ, par exemple { $operator }2024-03-31.
search-placeholder = Rechercher
search-tip = Mots, "expressions", from: to: subject: has:attachment is:unread is:starred in: before: after:
search-scope-folder = Ce dossier
search-scope-all = Tous les comptes
search-scope-tip = Chercher dans ce dossier ou dans tous les comptes
search-nothing-found = Aucun message ne correspond.
search-count = { $count } trouvés
search-from-server = sur le serveur
search-server-waiting = Recherche sur le serveur…
search-server-offline = Seuls les messages en cache sur cet ordinateur ont été cherchés : la recherche sur le serveur demande une connexion.
## Account discovery (issue 13)
err-discover-setting = Le réglage { $name }={ $detail } n'est pas utilisable. Corrigez-le ou supprimez-le.
err-discover-setup = Tern n'a pas pu préparer la recherche des réglages du serveur ({ $detail }). Saisissez-les vous-même.
err-discover-address = « { $who } » n'est pas une adresse e-mail. Saisissez-la sous la forme nom@example.org.
err-discover-nothing = Tern n'a pas trouvé les réglages du serveur pour { $host }. Saisissez-les vous-même ; les pages d'aide de votre fournisseur les indiquent.
setup-discover-step-table = Tern consulte sa liste de fournisseurs…
setup-discover-step-lookups = Tern demande ses réglages de messagerie à { $domain }…
setup-discover-step-mx = Tern interroge le fournisseur qui reçoit le courrier de { $domain }…
setup-discover-step-guesses = Tern essaie les noms de serveur habituels…
setup-found-table = Réglages issus de la liste de fournisseurs de Tern ({ $provider }).
setup-found-autoconfig = Réglages publiés par { $host }.
setup-found-mx-table = Le courrier de { $domain } va chez { $provider } : réglages issus de la liste de fournisseurs de Tern.
setup-found-mx-autoconfig = Réglages publiés par { $host }, qui reçoit le courrier de { $domain }.
setup-found-srv = Réglages issus des enregistrements DNS de { $domain }.
setup-found-guess = Tern a deviné ces serveurs et ils ont répondu. Vérifiez-les dans « Paramètres avancés » si la connexion échoue.
setup-found-nothing = Tern n'a pas trouvé les réglages de { $domain }. Saisissez-les dans « Paramètres avancés » ; les pages d'aide de votre fournisseur les indiquent.
settings-conversations = Conversations
settings-conversations-hint = Regrouper les messages en conversations
list-count-conversations = { $count } conversations
err-cert-changed = Le certificat de { $host } a changé depuis que vous lui avez fait confiance. Approuvé : SHA-256 { $pinned }. Présenté maintenant : SHA-256 { $presented }. Quelqu’un intercepte peut-être la connexion ; ne faites confiance au nouveau certificat que si l’administrateur du serveur confirme le changement.
cert-title = Vérifier le certificat du serveur
cert-host = Serveur
cert-fingerprint = Empreinte SHA-256
cert-pinned-before = Approuvé jusqu’ici (SHA-256)
cert-subject = Délivré à
cert-issuer = Délivré par
cert-expires = Valable jusqu’au
cert-advice = Comparez l’empreinte avec celle que votre fournisseur ou administrateur vous a donnée. Ne faites confiance au certificat que si elles correspondent : Tern acceptera alors exactement ce certificat pour ce compte et vous avertira s’il change un jour.
cert-trust = Faire confiance à ce certificat pour ce compte
health-last-sync = Dernière synchronisation { $when }
health-never-synced = Pas encore synchronisé
health-cert-expires = Certificat du serveur valable jusqu’au { $when }
health-cert-expires-soon = Le certificat du serveur expire le { $when }. Demandez à votre fournisseur de le renouveler avant.
health-cert-expired = Le certificat du serveur a expiré le { $when }. Demandez à votre fournisseur de le renouveler.
health-quota = Stockage : { $used } utilisés sur { $limit } ({ $percent } %)
health-sign-in-needed = Le serveur n’accepte plus le mot de passe. Tern a cessé d’essayer pour que le compte ne soit pas bloqué.
health-sign-in = Se reconnecter

# Unified views across accounts (issue 11 item 3)
unified-all-inboxes = Toutes les boîtes de réception
unified-unread = Non lus
unified-starred = Suivis
unified-tip = Tous les comptes à la fois
# Remote images (issue 12 item 3)
reader-show-images = Afficher les images
reader-always-images = Toujours pour cet expéditeur
reader-image-unreachable = L’image n’a pas pu être chargée depuis Internet (pas de réponse, ou plus de 5 Mo).
settings-image-senders = Les images de ces expéditeurs sont toujours affichées
settings-image-senders-none = Aucun expéditeur pour l’instant. Choisissez « Toujours pour cet expéditeur » au-dessus des images bloquées d’un message.
settings-image-senders-forget = Ne plus afficher

# Attached messages (issue 12 item 5)
reader-attached-from = Message joint de { $from }
reader-save-eml = Enregistrer en .eml
## OAuth2 sign-in (issue 13)
err-oauth-no-client-id = Ce Tern n’a pas d’identifiant client OAuth pour { $provider } (compte { $account }). Indiquez client_id sous [account.imap.oauth] dans accounts.toml (voir le README), ou utilisez un mot de passe d’application.
err-oauth-bad-url = L’adresse OAuth « { $url } » du compte { $account } manque ou n’est pas en https. Vérifiez auth_url et token_url sous [account.imap.oauth] dans accounts.toml.
err-oauth-timeout = La connexion dans le navigateur ne s’est pas terminée à temps. Réessayez.
err-oauth-listener = Tern n’a pas pu attendre le navigateur sur cet ordinateur. Réessayez.
err-oauth-refused = La connexion n’a pas été terminée dans le navigateur ({ $reason }). Réessayez.
err-oauth-server-refused = Le serveur de connexion de { $provider } a refusé la demande ({ $reason }). Vérifiez les réglages OAuth du compte, ou reconnectez-vous.
err-oauth-unreachable = Tern n’a pas pu joindre le serveur de connexion de { $provider }. Il réessaiera plus tard.
err-oauth-bad-answer = Le serveur de connexion de { $provider } a envoyé une réponse que Tern ne comprend pas. Réessayez plus tard.
err-oauth-sign-in-again = La connexion du compte { $account } a expiré ou a été retirée chez { $provider }. Reconnectez-vous.
err-oauth-no-refresh = { $provider } vous a connecté mais ne permet pas à Tern de rester connecté. Réessayez ; si cela se reproduit, vérifiez les scopes OAuth du compte.
err-oauth-mechanism = { $host } ne propose pas la connexion prévue ({ $mechanism }). Vérifiez auth et mechanism dans les réglages du compte.
err-oauth-refused-by-server = Le serveur { $host } n’a pas accepté la connexion ({ $mechanism }). Reconnectez-vous.
err-keychain-slow = Le trousseau du système n’a pas répondu en { $seconds } secondes. Déverrouillez-le et réessayez.
err-keychain-failed = La lecture du trousseau du système a échoué de façon inattendue. Réessayez.
err-oauth-no-browser = Tern n’a pas pu ouvrir de navigateur web pour la connexion. Choisissez un navigateur par défaut et réessayez.
setup-oauth-sign-in = Se connecter avec { $provider }
setup-oauth-waiting = Terminez la connexion dans votre navigateur web ; Tern l’attend…
oauth-page-signed-in = Vous êtes connecté. Vous pouvez fermer cet onglet et revenir à Tern.
oauth-page-failed = La connexion ne s’est pas terminée. Vous pouvez fermer cet onglet et réessayer dans Tern.
status-sign-in-again = Se reconnecter
