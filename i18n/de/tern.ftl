app-title = Tern
welcome-title = Willkommen bei Tern
welcome-body = Tern zeigt die Post all Ihrer Konten in einem schnellen Fenster und funktioniert auch offline.
welcome-add-account = Konto hinzufügen
