app-title = Tern
welcome-title = Welcome to Tern
welcome-body = Tern keeps your mail from several accounts in one fast window, and works offline.
welcome-add-account = Add account
