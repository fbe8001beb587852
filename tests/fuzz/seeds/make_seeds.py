#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the imap_response, file_name and html_blocks fuzz
targets into tests/fuzz/corpus/<target>/ (file names seed-*). Run once from the repository
root; campaigns then grow the corpus from these. The imap_response session seed follows the
order of commands Tern sends (tern::imap::fuzzing): greeting, T3 CAPABILITY, A0001 LOGIN,
A0002 CAPABILITY, A0003 ID, A0004 ENABLE QRESYNC, A0005 SELECT, A0006 UID FETCH headers,
A0007 UID FETCH changes, A0008 UID FETCH 1:*, A0009 sections, A0010 partial, A0011 LIST,
A0012 NOOP."""
import email, email.policy, os, pathlib, sys

root = pathlib.Path(__file__).resolve().parents[3]
corpus = root / "tests/fuzz/corpus"

def write(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (d / f"seed-{name}").write_bytes(data)

CRLF = "\r\n"
def lines(*ls):
    return CRLF.join(ls) + CRLF

HDR = b"From: Ann <ann@example.org>\r\nTo: bob@example.org\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\n"
BS = ('(("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 12 1 NIL NIL NIL NIL)'
      '("application" "pdf" ("name" "=?utf-8?q?a=2Epdf?=") NIL NIL "base64" 1000 NIL '
      '("attachment" ("filename*" "utf-8\'\'%E2%80%AEfdp.exe")) NIL NIL) "mixed" ("boundary" "b1") NIL NIL NIL)')
session = (
    lines("* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE AUTH=PLAIN] Dovecot ready.",
          "* CAPABILITY IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE AUTH=PLAIN",
          "T3 OK Pre-login capabilities listed.",
          "A0001 OK [CAPABILITY IMAP4rev1 ID ENABLE IDLE CONDSTORE QRESYNC] Logged in",
          "* CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE IDLE CONDSTORE QRESYNC UIDPLUS MOVE SPECIAL-USE",
          "A0002 OK Capability completed.",
          '* ID ("name" "Dovecot")',
          "A0003 OK ID completed.",
          "* ENABLED QRESYNC",
          "A0004 OK Enabled.",
          r"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Forwarded)",
          r"* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted.",
          "* 2 EXISTS", "* 0 RECENT",
          "* OK [UIDVALIDITY 1700000000] UIDs valid",
          "* OK [UIDNEXT 3] Predicted next UID",
          "* OK [HIGHESTMODSEQ 5] Highest",
          "A0005 OK [READ-WRITE] Select completed.")
    + f"* 1 FETCH (UID 1 MODSEQ (4) FLAGS (\\Seen $Forwarded) INTERNALDATE \"01-Jan-2024 10:00:00 +0000\" RFC822.SIZE 2048 BODYSTRUCTURE {BS} BODY[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID IN-REPLY-TO REFERENCES)] {{{len(HDR)}}}\r\n"
    + HDR.decode() + ")\r\n"
    + lines("* 2 FETCH (UID 2 MODSEQ (5) FLAGS () RFC822.SIZE 10 BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" 10 1 NIL NIL NIL NIL) BODY[HEADER.FIELDS (FROM)] NIL)",
            "A0006 OK Fetch completed.",
            r"* 1 FETCH (UID 1 MODSEQ (6) FLAGS (\Flagged))",
            "* VANISHED (EARLIER) 3:5,7",
            "A0007 OK Fetch completed.",
            "* 1 FETCH (UID 1)", "* 2 FETCH (UID 2)",
            "A0008 OK Fetch completed.")
    + "* 1 FETCH (UID 1 BODY[HEADER] {%d}\r\n%s BODY[1] {5}\r\nhello)\r\n" % (len(HDR), HDR.decode())
    + lines("A0009 OK Fetch completed.")
    + "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n* 1 FETCH (UID 1 BODY[2]<0> {4}\r\nJVBE)\r\n"
    + lines("A0010 OK Fetch completed.",
            r'* LIST (\HasNoChildren) "/" INBOX',
            r'* LIST (\HasNoChildren \Sent) "/" "Sent &AOQ-"',
            r'* LIST (\Noselect \HasChildren) "/" {4}',
            "Work",
            r'* LIST (\NonExistent) NIL "x"',
            "A0011 OK List completed.",
            "* 3 EXISTS", "* 1 EXPUNGE",
            "A0012 OK NOOP completed.",
            "* BYE Logging out")
)
write("imap_response", "dovecot-session", session)
write("imap_response", "greeting-only", "* OK IMAP4rev1 ready\r\n")
write("imap_response", "preauth", "* PREAUTH ready\r\n")
write("imap_response", "bye", "* BYE go away\r\n")
write("imap_response", "compress", lines(
    "* OK ready", "* CAPABILITY IMAP4rev1 AUTH=PLAIN LOGINDISABLED", "T3 OK done") + "+ \r\n" + lines(
    "A0001 OK Logged in", "* CAPABILITY IMAP4rev1 COMPRESS=DEFLATE", "A0002 OK done", "A0003 OK DEFLATE active") + "\x78\x9c\x03\x00garbage")
write("imap_response", "deep-bodystructure", "* 1 FETCH (BODYSTRUCTURE " + "(" * 70 + '"text" "plain" NIL NIL NIL "7bit" 1 1' + ")" * 70 + ")\r\n")
write("imap_response", "nested-63", "* 1 FETCH (BODYSTRUCTURE " + '("text" "plain" NIL NIL NIL "7bit" 1 1 NIL NIL NIL NIL)' .join(["(" * 30, ' "mixed")' * 30]) + ")\r\n")
write("imap_response", "big-literal", "* 1 FETCH (BODY[] {99999999999}\r\nabc)\r\n")
write("imap_response", "literal-plus", "* 1 FETCH (UID 4 BODY[1] {3+}\r\nabc)\r\nA0001 OK\r\n")
write("imap_response", "misplaced-literal", "* OK {5}\r\nhello\r\n")
write("imap_response", "hidden-bodystructure", '* 1 FETCH (X-ODD ("BODYSTRUCTURE (((((((" {3}\r\n)))) BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 1 1))\r\n')
write("imap_response", "status-list-lsub", lines(
    '* STATUS "INBOX" (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 1)', r'* LSUB () "." #news.comp', "* SEARCH 1 2 3",
    "* ESEARCH (TAG \"A1\") UID ALL 1:3", "* 5 EXPUNGE", "* VANISHED 1:4294967295", "* OK [ALERT] hi",
    "* NO [TRYCREATE] x", "* BAD oops", "+ continue", "* ENABLED CONDSTORE", '* ID NIL', "* QUOTA \"\" (STORAGE 10 512)"))
write("imap_response", "envelope", lines(
    '* 12 FETCH (ENVELOPE ("Mon, 7 Feb 1994 21:52:25 -0800" "afternoon meeting" (("Terry Gray" NIL "gray" "cac.washington.edu")) NIL NIL NIL NIL NIL NIL "<B27397-0100000@cac.washington.edu>") UID 9 BODY[HEADER.FIELDS (SUBJECT)] "Subject: x\r\n\r\n" BINARY[1] ~{3}',) + "a\0b)\r\n")
write("imap_response", "message-rfc822", '* 1 FETCH (UID 1 BODYSTRUCTURE ("message" "rfc822" NIL NIL NIL "7bit" 300 ("d" "s" NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "iso-8859-1") NIL NIL "quoted-printable" 20 2 NIL ("inline" ("filename*0*" "iso-8859-1\'\'%E9t%E9" "filename*1" ".txt")) NIL NIL) 10 NIL NIL NIL NIL))\r\n')

names = ["../../.bashrc", "..\\..\\x.lnk", "/etc/passwd", "C:\\Windows\\x", "\\\\server\\share\\x",
         "C:x.txt", "a\0b.txt", "evil\r\nname.txt", "invoice\u202efdp.exe", "\u200ereport\u2066.pdf",
         "zero\u200b\ufeffwidth.txt", "trailing. . .", "trailing.txt  ", "CON", "nul.txt", "com1",
         "LpT9.tar.gz", "con .txt", "aux ", "com\u00b9", "COM10", "CONIN$.log", ".", "..", "....",
         "a" * 296 + ".pdf", "\u00e9" * 200 + ".pdf", "\u65e5" * 200, "a." + "b" * 300,
         "nul." + "x" * 300, "a\uff0fb\uff0fpasswd", "a\uff3cb", "x\u2215y\u2044z", "x.desktop",
         "what?<is>|this*\".txt", "dir/", "/", "R\u00e9sum\u00e9 2024.pdf", "\u2800", " .. / .. ",
         "\u3164\u115f.txt", ". a .", "x\u0085y.txt", "\u29f8\u29f9\u2216\ufe68q"]
for i, n in enumerate(names):
    write("file_name", f"{i:02}", n.encode("utf-8"))
write("file_name", "with-type", b"\xffapplication/pdf")
write("file_name", "with-type2", b"..\xfftext/calendar; charset=utf-8")
write("file_name", "latin1", b"r\xe9sum\xe9.pdf")

html = {
    "basic": "<html><head><title>t</title><style>p{background:url(http://x/y)}</style></head><body><h1>Hi</h1><p>Para <b>bold</b> <i>it</i> <code>c</code><br>next</p><hr><ul><li>one<li>two<ol><li>a</ol></ul><blockquote><blockquote>q</blockquote></blockquote><pre>  pre\n  text</pre></body></html>",
    "links": "<a href='https://example.org/?a=1&amp;b=2'>ok</a> <a href=javascript:alert(1)>js</a> <a href=' java\tscript:x'>x</a> <a href=mailto:a@b>m</a> <a href=data:text/html,x>d</a> <a>none</a><a href=http://x></a>",
    "remote": "<img src=http://x/a.png><img srcset='http://x 2x'><link rel=stylesheet href=//x><iframe srcdoc='<b>'></iframe><video poster=http://x></video><svg><image href=http://x /></svg><table background=http://x><tr><td>cell</td></tr></table><meta http-equiv=refresh content='0;url=http://x'>",
    "entities": "&lt;&gt;&amp;&quot;&#39;&#x1F600;&#0;&#xD800;&#1114112;&nbsp;&copy;&notanentity;&amp &#65 &#x41",
    "broken": "<p<b>x</p><!-- unclosed <script>alert(1)</script><scr<script>ipt>x</script>< p>text</ <a href=\"http://x>y</a></div></div></p></li></ol><style>",
    "efail": "<img src=\"http://127.0.0.1:1/",
    "deep": "<blockquote>" * 100 + "deep" + "<ul><li>" * 100 + "x",
    "bidi": "<p>a\u202eb\u200bc\x00d\x07e</p><p dir=rtl>\u2066x\u2069</p>",
    "table": "<table><tr><th>h</th><td>d<td>e</tr><tr><td colspan=2>f</td></table><dl><dt>t<dd>d</dl>",
    "textarea": "<form><input value=x><textarea>t</textarea><select><option>o</select><button>b</button></form><noscript>n</noscript><template>t</template><object data=x>o</object>",
}
for k, v in html.items():
    write("html_blocks", k, v)
# The HTML parts of the real-world corpus messages.
n = 0
for p in sorted((root / "tests/corpus/messages").rglob("*")):
    if not p.is_file() or p.stat().st_size > 200_000:
        continue
    try:
        msg = email.message_from_bytes(p.read_bytes(), policy=email.policy.compat32)
        for part in msg.walk():
            if part.get_content_type() == "text/html":
                body = part.get_payload(decode=True)
                if body and len(body) < 64_000:
                    write("html_blocks", f"corpus-{n:03}", body)
                    n += 1
    except Exception:
        pass
print("html parts from the corpus:", n, file=sys.stderr)
