#!/usr/bin/env python3
"""Writes corpus.jsonl: labelled OpenAI request bodies for the classification corpus test.

Cases were written from knowledge of real data formats (not from the detectors' code). Each line:
{"id", "endpoint": "chat"|"embeddings", "body", "level", "detectors": [...], "note"}.
Generated values (cards, IBANs, ids, tokens) come from a seeded RNG so the file is reproducible:
    python3 make_corpus.py > corpus.jsonl
The corpus policy: payment-card/national-id/secret restricted; iban/email/phone confidential;
codenames (NIGHTJAR, Blue Heron, Globex Corporation) confidential; email allow-list = default documentation domains.
"""
import base64, json, random, string

R = random.Random(20261125)
cases = []

def chat(*msgs, tools=None, **extra):
    b = {"model": "auto", "messages": list(msgs)}
    if tools: b["tools"] = tools
    b.update(extra)
    return b

def sys(t): return {"role": "system", "content": t}
def user(t): return {"role": "user", "content": t}
def asst(t): return {"role": "assistant", "content": t}
def parts(*texts): return {"role": "user", "content": [{"type": "text", "text": t} for t in texts]}
def toolcall(name, args): return {"role": "assistant", "content": None, "tool_calls": [
    {"id": "call_%06d" % R.randrange(10**6), "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}]}
def toolresult(t): return {"role": "tool", "tool_call_id": "call_000001", "content": t}

def add(cid, body, level, detectors, note="", endpoint="chat"):
    cases.append({"id": cid, "endpoint": endpoint, "body": body, "level": level,
                  "detectors": sorted(detectors), "note": note})

def pos(cid, level, det, texts, note=""):
    """One sensitive value in several placements (the evasions the issue names)."""
    t0 = texts
    add(cid + "-user", chat(user(t0)), level, [det], note)
    return t0

# ---------- helpers producing valid values ----------
def luhn_complete(prefix, length):
    digits = [int(c) for c in prefix]
    while len(digits) < length - 1:
        digits.append(R.randrange(10))
    s = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9: d -= 9
        s += d
    digits.append((10 - s % 10) % 10)
    return "".join(map(str, digits))

def luhn_fail(prefix, length):
    v = luhn_complete(prefix, length)
    return v[:-1] + str((int(v[-1]) + 3) % 10)

def group(s, sizes, sep=" "):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n]); i += n
    if i < len(s): out.append(s[i:])
    return sep.join(out)

def iban(country, bban):
    rearr = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearr)
    check = 98 - int(num) % 97
    return country + "%02d" % check + bban

def steuer(first10):
    d = [int(c) for c in first10]; p = 10
    for x in d:
        sm = (x + p) % 10
        if sm == 0: sm = 10
        p = (sm * 2) % 11
    c = 11 - p
    return first10 + str(0 if c == 10 else c)

def nir(s13): return s13 + "%02d" % (97 - int(s13) % 97)

def rand(alphabet, n): return "".join(R.choice(alphabet) for _ in range(n))
ALNUM = string.ascii_letters + string.digits
def token(n):
    while True:
        t = rand(ALNUM, n)
        if any(c.isdigit() for c in t) and any(c.isalpha() for c in t): return t

def fullwidth(s): return "".join(chr(ord(c) + 0xFEE0) if 0x21 <= ord(c) <= 0x7E else c for c in s)
def zwsp(s): return "\u200b".join(s)
def b64(s): return base64.b64encode(s.encode()).decode()

# ================= SENSITIVE =================
# ---- payment cards ----
cards = [("visa", luhn_complete("4", 16), [4, 4, 4, 4]), ("mc", luhn_complete("5", 16).replace("5", "5", 1), [4, 4, 4, 4]),
         ("mc2", luhn_complete("2223", 16), [4, 4, 4, 4]), ("amex", luhn_complete("37", 15), [4, 6, 5]),
         ("discover", luhn_complete("6011", 16), [4, 4, 4, 4]), ("jcb", luhn_complete("3530", 16), [4, 4, 4, 4]),
         ("diners", luhn_complete("36", 14), [4, 6, 4]), ("visa13", luhn_complete("4", 13), [13]),
         ("unionpay", luhn_complete("62", 19), [4, 4, 4, 4, 3]), ("maestro", luhn_complete("6759", 16), [4, 4, 4, 4])]
cards[1] = ("mc", luhn_complete("54", 16), [4, 4, 4, 4])
add("card-visa-plain", chat(user(f"Please charge my card {group(cards[0][1], [4,4,4,4])} for the renewal.")), "restricted", ["payment-card"])
add("card-mc-dashes", chat(user(f"card number: {group(cards[1][1], [4,4,4,4], '-')} exp 09/27")), "restricted", ["payment-card"])
add("card-mc2-nospace", chat(user(f"The new Mastercard is {cards[2][1]}, can you check it?")), "restricted", ["payment-card"])
add("card-amex", chat(user(f"Amex {group(cards[3][1], [4,6,5])} was declined yesterday, why?")), "restricted", ["payment-card"])
add("card-discover-system", chat(sys(f"Customer on file: Discover {group(cards[4][1], [4,4,4,4])}."), user("Summarise the account.")), "restricted", ["payment-card"], "system message")
add("card-jcb-earlier-turn", chat(user(f"My JCB is {cards[5][1]}"), asst("Thanks, noted."), user("What did I just tell you?")), "restricted", ["payment-card"], "earlier turn")
add("card-diners-part", chat(parts("Here is the form data:", f"Diners Club {group(cards[6][1], [4,6,4])}")), "restricted", ["payment-card"], "content part")
add("card-visa13-tool-args", chat(user("pay the invoice"), toolcall("charge_card", {"pan": cards[7][1], "amount": 120})), "restricted", ["payment-card"], "tool arguments")
add("card-unionpay-dots", chat(user(f"UnionPay card {group(cards[8][1], [4,4,4,4,3], '.')}")), "restricted", ["payment-card"])
add("card-maestro-embed", {"model": "auto", "input": f"refund to maestro {cards[9][1]}"}, "restricted", ["payment-card"], "embeddings string", "embeddings")
v = cards[0][1]
add("card-split-digits", chat(user("my card: " + " ".join(v))), "restricted", ["payment-card"], "split digits")
add("card-split-mixed", chat(user("digits are " + "-".join([v[:3], v[3:7], v[7:9], v[9:13], v[13:]]))), "restricted", ["payment-card"], "odd grouping")
add("card-fullwidth", chat(user("カード番号 " + fullwidth(group(cards[1][1], [4,4,4,4])))), "restricted", ["payment-card"], "fullwidth digits")
add("card-zero-width", chat(user("pay with " + zwsp(cards[2][1]))), "restricted", ["payment-card"], "zero-width")
add("card-base64", chat(user("decode this and pay: " + b64(f"card {cards[3][1]} exp 11/26"))), "restricted", ["payment-card"], "base64")
add("card-embed-array", {"model": "auto", "input": ["hello world", f"pan={cards[4][1]}"]}, "restricted", ["payment-card"], "embeddings array", "embeddings")
add("card-tool-result", chat(user("look up my last payment"), toolcall("get_payment", {"id": 7}), toolresult(json.dumps({"card": group(cards[5][1], [4,4,4,4]), "status": "ok"}))), "restricted", ["payment-card"], "tool result")
add("card-nbsp", chat(user("card " + group(cards[6][1], [4,6,4], "\u00a0"))), "restricted", ["payment-card"], "no-break spaces")
add("card-test-visa", chat(user("Use 4111 1111 1111 1111 in the checkout form")), "restricted", ["payment-card"], "published test number still a card")
add("card-name-field", chat({"role": "user", "name": "pan_" + cards[0][1], "content": "hi"}), "restricted", ["payment-card"], "name field")

# ---- IBAN ----
ibans = [iban("DE", "370400440532013000"), iban("GB", "WEST12345698765432"), iban("FR", "20041010050500013M02606"),
         iban("NL", "ABNA0417164300"), iban("ES", "21000418450200051332"), iban("CH", "0076201162385295 7".replace(" ", "")),
         iban("IT", "X0542811101000000123456"), iban("BE", "539007547034"), iban("AT", "1904300234573201"),
         iban("PL", "109010140000071219812874")]
add("iban-de-grouped", chat(user(f"Bitte überweisen Sie auf {group(ibans[0], [4]*6)}")), "confidential", ["iban"])
add("iban-gb", chat(user(f"Our account: {group(ibans[1], [4]*6)} (Barclays)")), "confidential", ["iban"])
add("iban-fr-compact", chat(user(f"RIB / IBAN {ibans[2]}")), "confidential", ["iban"])
add("iban-nl-system", chat(sys(f"Vendor payout IBAN {group(ibans[3], [4]*5)}"), user("Draft the payment email")), "confidential", ["iban"], "system message")
add("iban-es-part", chat(parts("transfer details", f"IBAN: {group(ibans[4], [4]*6)}")), "confidential", ["iban"], "content part")
add("iban-ch-tool", chat(user("send 500 CHF"), toolcall("transfer", {"to_iban": ibans[5], "amount": 500})), "confidential", ["iban"], "tool arguments")
add("iban-it-earlier", chat(user(f"il mio IBAN è {group(ibans[6], [4]*7)}"), asst("Grazie"), user("ok continua")), "confidential", ["iban"], "earlier turn")
add("iban-be-lower", chat(user(f"iban {ibans[7].lower()}")), "confidential", ["iban"], "lower case")
add("iban-at-embed", {"model": "auto", "input": [f"Kontonummer {group(ibans[8], [4]*5)}"]}, "confidential", ["iban"], "embeddings", "embeddings")
add("iban-pl-fullwidth", chat(user("konto " + fullwidth(ibans[9]))), "confidential", ["iban"], "fullwidth")
add("iban-de-base64", chat(user("payload " + b64("beneficiary IBAN " + ibans[0]))), "confidential", ["iban"], "base64")
add("iban-gb-zw", chat(user("IBAN " + zwsp(ibans[1]))), "confidential", ["iban"], "zero-width")

# ---- national ids ----
add("ssn-dashes", chat(user("Employee SSN 536-22-8147, please fill the W-4.")), "restricted", ["national-id"])
add("ssn-spaces", chat(user("her social is 401 55 7821")), "restricted", ["national-id"])
add("ssn-context-compact", chat(user("SSN: 219450362 for the background check")), "restricted", ["national-id"], "9 digits with context")
add("ssn-system", chat(sys("Applicant record: name Maria Lopez, SSN 672-18-4420."), user("Is she eligible?")), "restricted", ["national-id"], "system message")
add("ssn-tool", chat(user("verify"), toolcall("verify_identity", {"ssn": "505-61-2288"})), "restricted", ["national-id"], "tool arguments")
add("ssn-split", chat(user("my ssn is 5 3 6 2 2 8 1 4 7")), "restricted", ["national-id"], "split digits")
add("ssn-fullwidth", chat(user("SSN " + fullwidth("536-22-8147"))), "restricted", ["national-id"], "fullwidth")
add("ssn-base64", chat(user("see " + b64("ssn=536-22-8147;name=J. Smith"))), "restricted", ["national-id"], "base64")
add("ukni-compact", chat(user("My National Insurance number is JG103727B")), "restricted", ["national-id"])
add("ukni-spaced", chat(user("NI number: SN 84 72 95 D, PAYE ref attached")), "restricted", ["national-id"])
add("ukni-part", chat(parts("payroll change", "NINO ab 12 34 56 c")), "restricted", ["national-id"], "content part, lower case")
add("ukni-earlier", chat(user("Here: WP 67 41 09 A"), asst("Received."), user("thanks")), "restricted", ["national-id"], "earlier turn")
add("de-taxid", chat(user("Steuer-ID: 86095742719")), "restricted", ["national-id"])
add("de-taxid-spaced", chat(user("Meine steuerliche Identifikationsnummer lautet 47 036 892 816.")), "restricted", ["national-id"])
add("de-taxid-tool", chat(user("lohnsteuer"), toolcall("elster_submit", {"idnr": "65929970489"})), "restricted", ["national-id"], "tool arguments")
add("de-taxid-gen", chat(user("IdNr " + steuer("5754928501"))), "restricted", ["national-id"])
add("fr-nir", chat(user("Numéro de sécurité sociale : 2 69 05 49 588 157 80")), "restricted", ["national-id"])
add("fr-nir-compact", chat(user("NIR " + nir("1850578006084"))), "restricted", ["national-id"])
add("fr-nir-system", chat(sys("Dossier patient, n° SS " + group(nir("2920375123456"), [1,2,2,2,3,3,2])), user("Résume le dossier")), "restricted", ["national-id"], "system message")
add("fr-nir-embed", {"model": "auto", "input": "assuré " + nir("1760931555042")}, "restricted", ["national-id"], "embeddings", "embeddings")

# ---- email ----
add("email-plain", chat(user("Send the contract to jane.doe@acme-corp.com by Friday.")), "confidential", ["email"])
add("email-plus", chat(user("cc: m.rossi+billing@fastweb.it")), "confidential", ["email"])
add("email-obf-paren", chat(user("reach me at jane (at) corp (dot) com")), "confidential", ["email"], "obfuscated")
add("email-obf-brackets", chat(user("contact: peter.schmidt [at] siemens-energy [dot] de")), "confidential", ["email"], "obfuscated")
add("email-obf-words", chat(user("write to hr at globalbank dot co dot uk")), "confidential", ["email"], "obfuscated words")
add("email-system", chat(sys("The user is ahmed.k@contoso.net (role: admin)."), user("hello")), "confidential", ["email"], "system message")
add("email-earlier", chat(user("I am li.wei@huawei.com"), asst("Hi Li"), user("what's the weather?")), "confidential", ["email"], "earlier turn")
add("email-part", chat(parts("signature:", "--\nOlga Petrova | olga.petrova@yandex.ru | Sales")), "confidential", ["email"], "content part")
add("email-tool", chat(user("invite him"), toolcall("send_invite", {"to": "tom.baker@bbc.co.uk", "when": "Monday"})), "confidential", ["email"], "tool arguments")
add("email-tooldef", chat(user("hi"), tools=[{"type": "function", "function": {"name": "notify", "description": "Notifies the owner carol.danvers@starkindustries.com", "parameters": {"type": "object", "properties": {}}}}]), "confidential", ["email"], "tool definition")
add("email-fullwidth", chat(user("mail " + fullwidth("sam.lee@outlook.com"))), "confidential", ["email"], "fullwidth")
add("email-zero-width", chat(user("mail: " + zwsp("sam.lee") + "@outlook.com")), "confidential", ["email"], "zero-width")
add("email-embed", {"model": "auto", "input": ["customer: priya.n@infosys.com"]}, "confidential", ["email"], "embeddings", "embeddings")
add("email-base64", chat(user("header " + b64("From: Klaus Weber <k.weber@bosch.de>"))), "confidential", ["email"], "base64")
add("email-user-field", chat(user("hi"), user="dana.scully@fbi.gov"), "confidential", ["email"], "top-level user field")
add("email-metadata", chat(user("hi"), metadata={"requester": "omar.haddad@aramco.com"}), "confidential", ["email"], "metadata")

# ---- phone ----
add("phone-us-paren", chat(user("Call me at (415) 867-5309 after 5pm.")), "confidential", ["phone"])
add("phone-us-dashes", chat(user("cell 312-555-7788")), "confidential", ["phone"])
add("phone-e164", chat(user("WhatsApp: +14155552671")), "confidential", ["phone"])
add("phone-uk-intl", chat(user("Our London office: +44 20 7946 0958")), "confidential", ["phone"])
add("phone-uk-mobile", chat(user("ring me on 07700 900123")), "confidential", ["phone"])
add("phone-de", chat(user("Telefon: +49 30 12345678")), "confidential", ["phone"])
add("phone-de-national", chat(user("erreichbar unter 030 2847561")), "confidential", ["phone"])
add("phone-fr", chat(user("Appelez le 01 42 68 53 00")), "confidential", ["phone"])
add("phone-fr-intl", chat(user("portable +33 6 12 34 56 78")), "confidential", ["phone"])
add("phone-00-prefix", chat(user("fax 0041 44 668 18 00")), "confidential", ["phone"])
add("phone-us-dots", chat(user("Reach Bob at 646.555.0134")), "confidential", ["phone"])
add("phone-system", chat(sys("Escalation contact: +1 212 555 0198"), user("what do I do if the server is down?")), "confidential", ["phone"], "system message")
add("phone-tool", chat(user("text him"), toolcall("send_sms", {"to": "+447911123456", "body": "running late"})), "confidential", ["phone"], "tool arguments")
add("phone-fullwidth", chat(user("電話 " + fullwidth("+81 3 1234 5678"))), "confidential", ["phone"], "fullwidth")
add("phone-context-bare", chat(user("my phone number is 4155550132")), "confidential", ["phone"], "bare with context")
add("phone-embed", {"model": "auto", "input": "hotline +1-800-555-0199"}, "confidential", ["phone"], "embeddings", "embeddings")

# ---- secrets ----
aws_id = "AKIA" + rand(string.ascii_uppercase + string.digits, 16)
aws_secret = rand(string.ascii_letters + string.digits + "/+", 40)
add("aws-id", chat(user(f"Why does {aws_id} get AccessDenied on s3:GetObject?")), "restricted", ["secret"])
add("aws-credentials-file", chat(user(f"[default]\naws_access_key_id = {aws_id}\naws_secret_access_key = {aws_secret}\nregion = eu-west-1")), "restricted", ["secret"])
add("aws-secret-only", chat(user(f"export AWS_SECRET_ACCESS_KEY={aws_secret}")), "restricted", ["secret"], "secret key without id")
add("aws-system", chat(sys(f"Use key {'ASIA' + rand(string.ascii_uppercase + string.digits, 16)} for the deploy bot"), user("deploy")), "restricted", ["secret"], "system message")
gcp = {"type": "service_account", "project_id": "acme-prod-4411", "private_key_id": rand("0123456789abcdef", 40),
       "private_key": "-----BEGIN PRIVATE KEY-----\n" + rand(ALNUM + "+/", 64) + "\n" + rand(ALNUM + "+/", 64) + "\n-----END PRIVATE KEY-----\n",
       "client_email": "deployer@acme-prod-4411.iam.gserviceaccount.com", "client_id": "1" + rand(string.digits, 20)}
add("gcp-sa-json", chat(user("Why can't this key list buckets?\n" + json.dumps(gcp, indent=2))), "restricted", ["secret", "email"], "GCP service account (its client_email is an address too)")
add("azure-storage", chat(user("DefaultEndpointsProtocol=https;AccountName=acmeprodlogs;AccountKey=" + base64.b64encode(R.randbytes(64)).decode() + ";EndpointSuffix=core.windows.net")), "restricted", ["secret"])
add("azure-servicebus", chat(user("Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=" + base64.b64encode(R.randbytes(32)).decode())), "restricted", ["secret"])
add("pem-rsa", chat(user("-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(rand(ALNUM + "+/", 64) for _ in range(5)) + "\n-----END RSA PRIVATE KEY-----\nwhat format is this?")), "restricted", ["secret"])
add("pem-openssh-part", chat(parts("my deploy key:", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn\n" + rand(ALNUM + "+/", 70) + "\n-----END OPENSSH PRIVATE KEY-----")), "restricted", ["secret"], "content part")
add("github-ghp", chat(user(f"git clone https://github.com/acme/infra.git fails with token ghp_{token(36)}")), "restricted", ["secret"])
add("github-pat", chat(user(f"GH_TOKEN=github_pat_{token(22)}_{token(59)}")), "restricted", ["secret"])
add("gitlab-pat", chat(user(f"curl --header \"PRIVATE-TOKEN: glpat-{token(20)}\" https://gitlab.acme.io/api/v4/projects")), "restricted", ["secret"])
add("slack-bot", chat(user(f"SLACK_BOT_TOKEN=xoxb-{R.randrange(10**11, 10**12)}-{R.randrange(10**12, 10**13)}-{token(24)}")), "restricted", ["secret"])
add("slack-webhook", chat(user(f"post to https://hooks.slack.com/services/T{rand(string.ascii_uppercase+string.digits,8)}/B{rand(string.ascii_uppercase+string.digits,10)}/{token(24)}")), "restricted", ["secret"])
add("openai-proj", chat(user(f"client = OpenAI(api_key=\"sk-proj-{token(48)}\")")), "restricted", ["secret"])
add("openai-legacy-earlier", chat(user(f"my key sk-{token(20)}T3BlbkFJ{token(20)}"), asst("Please rotate it."), user("ok")), "restricted", ["secret"], "earlier turn")
add("stripe-live", chat(user(f"stripe.api_key = 'sk_live_{token(24)}'")), "restricted", ["secret"])
add("stripe-tool", chat(user("refund"), toolcall("http_post", {"url": "https://api.stripe.com/v1/refunds", "auth": f"rk_live_{token(24)}"})), "restricted", ["secret"], "tool arguments")
jwt_header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()).decode().rstrip("=")
jwt_payload = base64.urlsafe_b64encode(json.dumps({"sub": "8841", "role": "admin", "exp": 1893456000}).encode()).decode().rstrip("=")
jwt = f"{jwt_header}.{jwt_payload}.{base64.urlsafe_b64encode(R.randbytes(32)).decode().rstrip('=')}"
add("jwt-header", chat(user(f"Authorization: Bearer {jwt}\nwhy 401?")), "restricted", ["secret"])
add("jwt-system", chat(sys(f"session={jwt}"), user("hi")), "restricted", ["secret"], "system message")
add("db-postgres", chat(user(f"DATABASE_URL=postgres://app:{token(16)}@db.internal:5432/orders")), "restricted", ["secret"])
add("db-mongodb", chat(user(f"mongodb+srv://svc_reporting:Q{token(12)}!@cluster0.x1y2z.mongodb.net/analytics")), "restricted", ["secret"])
add("db-jdbc", chat(user(f"jdbc:mysql://root:Winter2024!@10.0.0.5:3306/hr fails to connect")), "restricted", ["secret"])
add("db-redis-tool", chat(user("cache"), toolcall("connect", {"url": f"rediss://default:{token(32)}@cache.acme.io:6380"})), "restricted", ["secret"], "tool arguments")
add("password-env", chat(user("DB_PASSWORD=Tr0ub4dor&3\nDB_USER=app")), "restricted", ["secret"])
add("password-yaml", chat(user("spring:\n  datasource:\n    username: svc\n    password: Xk9#mP2vLq")), "restricted", ["secret"])
add("passwd-colon", chat(user("ftp login passwd: h4ppyD4ys")), "restricted", ["secret"])
add("password-json", chat(user('{"username": "admin", "password": "correct-horse-42"}')), "restricted", ["secret"])
add("password-prose", chat(user("my password is Sunflower!2024 please remember it")), "restricted", ["secret"])
add("password-connstr", chat(user("Server=tcp:acme.database.windows.net;Database=crm;User ID=crmapp;Password=Bl4ckC0ffee;")), "restricted", ["secret"])
add("password-part", chat(parts("wifi for guests", "SSID: AcmeGuest, passphrase = 'lemon-tree-778'")), "restricted", ["secret"], "content part")
add("entropy-api-key", chat(user(f"api_key: {token(32)}")), "restricted", ["secret"])
add("entropy-secret-hex", chat(user(f"client_secret = {rand('0123456789abcdef', 40)}")), "restricted", ["secret"])
add("entropy-token-header", chat(user(f"X-Auth-Token: {token(40)}")), "restricted", ["secret"])
add("secret-fullwidth", chat(user("token " + fullwidth("ghp_" + token(36)))), "restricted", ["secret"], "fullwidth")
add("secret-zero-width", chat(user("key: " + zwsp("AKIA" + rand(string.ascii_uppercase + string.digits, 16)))), "restricted", ["secret"], "zero-width")
add("secret-base64", chat(user("config blob: " + b64(f"aws_access_key_id={aws_id}\naws_secret_access_key={aws_secret}"))), "restricted", ["secret"], "base64")
add("secret-hex", chat(user("hexdump: " + f"password=Pl4net!x9 host=db1".encode().hex())), "restricted", ["secret"], "hex-encoded")
add("secret-embed", {"model": "auto", "input": [f"token=ghp_{token(36)}"]}, "restricted", ["secret"], "embeddings", "embeddings")
add("secret-tooldef", chat(user("hi"), tools=[{"type": "function", "function": {"name": "call_api", "description": "Calls the billing API", "parameters": {"type": "object", "properties": {"key": {"type": "string", "default": f"sk_live_{token(24)}"}}}}}]), "restricted", ["secret"], "tool definition default")
add("google-api-key", chat(user(f"maps key AIza{rand(ALNUM + '-_', 35)}")), "restricted", ["secret"])

# ---- codenames (dictionary) ----
add("codename-upper", chat(user("What is the launch date for NIGHTJAR?")), "confidential", ["codenames"])
add("codename-lower", chat(user("summarise the nightjar roadmap")), "confidential", ["codenames"])
add("codename-multiword", chat(user("Blue Heron pricing deck v3")), "confidential", ["codenames"])
add("codename-multiword-hyphen", chat(user("the blue-heron integration")), "confidential", ["codenames"])
add("codename-customer", chat(user("Draft a renewal offer for Globex Corporation")), "confidential", ["codenames"])
add("codename-system", chat(sys("You are the assistant for project Nightjar."), user("hello")), "confidential", ["codenames"], "system message")
add("codename-fullwidth", chat(user("status of " + fullwidth("NIGHTJAR"))), "confidential", ["codenames"], "fullwidth")
add("codename-zero-width", chat(user("status of Night\u200bjar")), "confidential", ["codenames"], "zero-width")
add("codename-tool", chat(user("create ticket"), toolcall("jira_create", {"summary": "Blue Heron: fix login"})), "confidential", ["codenames"], "tool arguments")
add("codename-earlier", chat(user("We call it NIGHTJAR internally"), asst("Got it"), user("now write a haiku")), "confidential", ["codenames"], "earlier turn")
add("codename-embed", {"model": "auto", "input": ["Globex Corporation churn analysis"]}, "confidential", ["codenames"], "embeddings", "embeddings")
add("codename-base64", chat(user("decode: " + b64("Project NIGHTJAR budget"))), "confidential", ["codenames"], "base64")
add("codename-name-field", chat({"role": "user", "name": "nightjar_bot", "content": "hi"}), "confidential", ["codenames"], "name field")

# ---- mixed ----
add("mixed-card-email", chat(user(f"Invoice for ops@fabrikam.com paid with {group(luhn_complete('4', 16), [4,4,4,4])}")), "restricted", ["email", "payment-card"])
add("mixed-iban-phone", chat(user(f"IBAN {group(ibans[0], [4]*6)}, tel +49 89 4412 0000")), "confidential", ["iban", "phone"])
add("mixed-long-history", chat(*([user("Tell me about sorting algorithms."), asst("Quicksort, mergesort and heapsort are common. " * 20)] * 5 + [user(f"By the way my SSN is 536-22-8147"), asst("Please don't share that."), user("What about radix sort?")])), "restricted", ["national-id"], "deep in a long history")

# ================= NEGATIVES (look-alikes) =================
neg = []
def n(cid, body, note="", endpoint="chat"): add("neg-" + cid, body, "public", [], note, endpoint)
n("luhn-fail-16", chat(user(f"Order reference {group(luhn_fail('4', 16), [4,4,4,4])} shipped")), "Luhn fails")
n("luhn-fail-mc", chat(user(f"transaction id {luhn_fail('54', 16)}")), "Luhn fails")
n("luhn-fail-amex", chat(user(f"ref {group(luhn_fail('37', 15), [4,6,5])}")), "Luhn fails")
for i in range(6):
    n(f"luhn-fail-{i}", chat(user(f"Batch {i}: serial {luhn_fail(R.choice(['4','51','6011','35']), 16)} passed QA")), "Luhn fails")
n("uuid", chat(user("request id 123e4567-e89b-12d3-a456-426614174000 failed")))
n("uuid-2", chat(user("trace_id=4bf92f35-77b3-4da6-a3ce-929d0e0e4736 span=00f067aa0ba902b7")))
n("uuid-idempotency", chat(user("Idempotency-Key: 9b2f6a3e-1c4d-4e8f-a7b2-3d5c6e7f8a9b")))
n("isbn13", chat(user("ISBN 978-3-16-148410-0 is the second edition")))
n("isbn13-2", chat(user("Clean Code, ISBN-13: 9780132350884")))
n("isbn10", chat(user("ISBN 0-306-40615-2")))
n("order-number", chat(user("Order #4410-2283-1192 was delivered")))
n("order-number-2", chat(user("PO number 2024-000731 approved")))
n("order-number-3", chat(user("Ticket INC0012345 and RITM0045678 are linked")))
n("tracking-ups", chat(user("UPS tracking 1Z999AA10123456784")))
n("git-sha", chat(user("commit 9fceb02d0ae598e95dc970b74767f19372d61af8 broke the build")))
n("git-sha-short", chat(user("revert a1b2c3d and cherry-pick 4e5f6a7")))
n("git-sha-key", chat(user("the key change is in e83c5163316f89bfbde7d9ab23ca2e25604af290")), "SHA near the word key")
add("doc-ip", chat(user("ping 192.0.2.1 and 198.51.100.23 from 203.0.113.254")), "internal", ["network-address"], "addresses: network-address since issue 12")
# fe80::1 is a real (link-local) address: network-address since issue 12; 2001:db8::/32 is documentation
add("ip-v6-link-local", chat(user("route 2001:db8::1/64 via fe80::1")), "internal", ["network-address"])
n("example-email", chat(user("Use user@example.com as the login in the test")))
n("example-email-2", chat(user("send to alice@example.org and bob@test.example.net")))
n("example-email-3", chat(user("noreply@example.com bounced")))
n("version", chat(user("Upgrade from 1.19.0-beta29 to 2.14.3 and Node v20.11.1")))
n("version-2", chat(user("Spring Boot 4.0.7, Spring Cloud 2025.1.4, onnxruntime 1.29.0")))
n("timestamp", chat(user("2024-03-15T10:30:00Z to 2024-03-15 18:45:12.123")))
n("timestamp-2", chat(user("epoch 1710498600 and 1710498600123 ms")))
n("date-list", chat(user("Sprints: 2024/01/08, 2024/01/22, 2024/02/05")))
n("code-python", chat(user("def connect():\n    password = os.environ['DB_PASSWORD']\n    return psycopg2.connect(host=HOST, password=password)")))
n("code-java", chat(user("String password = System.getenv(\"DB_PASSWORD\");\nif (password == null) throw new IllegalStateException();")))
n("code-ts", chat(user("interface Login { username: string; password: string; }")))
n("code-sql", chat(user("CREATE TABLE users (id BIGINT PRIMARY KEY, password_hash TEXT NOT NULL, api_key_id UUID REFERENCES keys(id));")))
n("code-yaml-ref", chat(user("password: ${DB_PASSWORD}\nusername: ${DB_USER:app}")))
# issue 12: "password" is a real password in production connection strings
add("db-url-password-word", chat(user("postgres://user:password@localhost:5432/mydb is the format")), "restricted", ["secret"])
n("code-placeholder-url-2", chat(user("DATABASE_URL=postgresql://<user>:<password>@<host>/<db>")))
n("code-docker", chat(user("docker run -e POSTGRES_PASSWORD=$POSTGRES_PASSWORD -p 5432:5432 postgres:16")))
n("code-react", chat(user("const [password, setPassword] = useState('');\n<input type=\"password\" value={password} />")))
n("code-hash", chat(user("sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")))
n("code-css", chat(user(".btn { color: #1a2b3c; margin: 0 4px; } @media (max-width: 600px) {}")))
n("code-npm", chat(user("npm i @angular/core@17.3.1 lodash@4.17.21")))
n("code-retina", chat(user("<img src=\"logo@2x.png\">")))
n("code-git-remote", chat(user("git remote add origin git@github.com:acme/infra.git")))
n("code-ssh-pub", chat(user("public key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl dev@laptop")), "public key")
n("code-k8s", chat(user("kind: Secret\nmetadata:\n  name: db-creds\ntype: Opaque\ndata:\n  password: <base64>")))
n("code-regex", chat(user("validate with ^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$ for IBANs")))
n("code-java-imports", chat(user("import tools.jackson.databind.JsonNode;\nimport org.springframework.cloud.gateway.filter.GlobalFilter;")))
n("prose-password-reset", chat(user("How do I reset my password in Keycloak? The password policy requires 12 chars.")))
n("prose-api-key", chat(user("What's the best practice for API key rotation and token expiry?")))
n("prose-tokens", chat(user("Our quota is 200000 tokens per minute per team; the key metric is latency.")))
n("prose-secret", chat(user("The secret to good sourdough is patience.")))
n("prose-monkey", chat(user("The monkey took the turkey sandwich; keyboard shortcuts are key.")))
n("prose-pass", chat(user("Did the tests pass? We bypass the compass check.")))
n("prose-numbers", chat(user("Revenue grew 12.5% to 1,234,567 EUR in Q3 2024; headcount 4 512.")))
n("prose-zip", chat(user("Offices in 10115 Berlin, 75008 Paris and NY 10001.")))
n("prose-phone-like-ids", chat(user("Build 20240315.1042 finished in 318.55 seconds")))
n("prose-math", chat(user("Compute 3 + 4 * 12 - 7 / 2 and 1 2 3 4 5 6 7 8 9 10")))
n("prose-at-dot", chat(user("Look at the dot in the middle of the chart")))
n("prose-nightjars", chat(user("Nightjars and herons are birds; the blue whale is a mammal.")), "not whole-word codename")
n("prose-globex", chat(user("Globex is a trading platform name used in many films.")), "partial customer name")
n("iban-bad-check", chat(user("IBAN DE89 3704 0044 0532 0130 01")), "mod-97 fails")
n("iban-bad-length", chat(user("GB82 WEST 1234 5698 7654")), "too short for GB")
n("iban-country-unknown", chat(user("code QQ12 3456 7890 1234 56")))
n("ssn-000", chat(user("SSN 000-12-3456 is invalid")), "area 000")
n("ssn-666", chat(user("test value 666-45-1234")), "area 666")
n("ssn-9xx", chat(user("ITIN-like 912-34-5678")), "area 9xx")
n("ssn-group00", chat(user("sample 123-00-4567")), "group 00")
n("ssn-serial0000", chat(user("sample 123-45-0000")), "serial 0000")
n("ssn-woolworth", chat(user("the famous 078-05-1120 from a wallet ad")), "advertised number")
n("ssn-compact-no-context", chat(user("invoice 536228147 due")), "9 digits no context")
n("ukni-qq", chat(user("example NI number QQ 12 34 56 C")), "invalid prefix QQ")
n("ukni-bad-suffix", chat(user("AB123456E")), "suffix must be A-D")
n("ukni-gb-prefix", chat(user("GB123456A")), "GB prefix not allocated")
n("de-taxid-bad-check", chat(user("Steuer-ID 86095742710")), "check digit fails")
n("de-taxid-distribution", chat(user("ID 12345678903")), "all digits distinct")
n("fr-nir-bad-key", chat(user("NIR 2 69 05 49 588 157 81")), "key fails")
n("phone-short", chat(user("extension 4412")))
n("phone-date", chat(user("meeting 2024-03-15 14:00-15:30")))
n("phone-order", chat(user("order 4410 2283 1192 3")))
n("phone-coords", chat(user("lat 48.858370, lon 2.294481")))
n("phone-semver", chat(user("release 10.4.12 and 3.11.9")))
n("phone-hours", chat(user("open 09:00-17:30, closed 12.24-12.26")))
n("secret-placeholder-key", chat(user("OPENAI_API_KEY=your-api-key-here")))
n("secret-placeholder-xxx", chat(user("aws_secret_access_key = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")))
n("secret-doc-words", chat(user("sk-this-is-not-a-real-key-just-an-example-string")))
n("secret-task-id", chat(user("task-1234567890abcdefghij finished")))
n("secret-jwt-like", chat(user("eyJhbGciOiJI is the start of every HS JWT header")))
n("secret-pem-public", chat(user("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----")), "public key")
n("secret-pem-header-only", chat(user("files start with -----BEGIN PRIVATE KEY----- followed by base64")), "header text only")
n("secret-token-word", chat(user("token: refresh_token_rotation_enabled")))
n("secret-bearer-placeholder", chat(user("Authorization: Bearer <YOUR_TOKEN>")))
n("secret-github-docs", chat(user("GitHub tokens start with ghp_ and are 40 chars long")))
n("secret-stripe-pk", chat(user("publishable key pk_live_ is safe in the browser")))
n("secret-cache-key", chat(user("cache key: user:42:profile:v3")))
n("secret-env-empty", chat(user("OPENAI_API_KEY=\nHOSTED_BASE_URL=https://api.openai.com/v1")))
n("secret-password-null", chat(user("password: null\npassword_min_length: 12")))
n("base64-image-like", chat(user("icon: iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAA")), "binary base64")
n("base64-benign", chat(user("decode: " + b64("Hello team, the standup moves to 10am tomorrow."))), "benign base64")
n("hex-benign", chat(user("hex: " + "The quarterly report is attached".encode().hex())), "benign hex")
n("system-benign", chat(sys("You are a helpful assistant. Answer concisely. Today is 2024-03-15."), user("What is a B-tree?")))
n("tool-benign", chat(user("weather in Paris"), toolcall("get_weather", {"city": "Paris", "units": "metric", "days": 3}), toolresult('{"temp": 14.5, "humidity": 71, "station": "LFPG"}')))
n("tooldef-benign", chat(user("hi"), tools=[{"type": "function", "function": {"name": "search_docs", "description": "Search the public documentation", "parameters": {"type": "object", "properties": {"query": {"type": "string"}, "limit": {"type": "integer", "default": 10}}, "required": ["query"]}}}]))
n("parts-benign", chat(parts("Explain this diagram", "It shows three services behind a load balancer.")))
n("embed-benign", {"model": "auto", "input": ["The quick brown fox", "jumps over the lazy dog"]}, "", "embeddings")
n("embed-benign-2", {"model": "auto", "input": "Kubernetes liveness probes restart unhealthy pods"}, "", "embeddings")
n("long-benign", chat(*([user("Explain CAP theorem."), asst("Consistency, availability, partition tolerance; pick two under partition. " * 30)] * 4)))
n("multilingual", chat(user("Wie funktioniert die Lohnsteuer? Comment calculer la TVA à 20 % ?")))
n("unicode-math", chat(user("∑ from i=1 to n of i² = n(n+1)(2n+1)/6")))
n("fullwidth-benign", chat(user(fullwidth("Hello 2024"))))
n("markdown-table", chat(user("| id | qty | price |\n|----|-----|-------|\n| 1001 | 2 | 19.99 |\n| 1002 | 15 | 4.50 |")))
n("log-lines", chat(user("2024-03-15 10:30:00.123 INFO  [main] o.s.b.SpringApplication : Started in 2.345 seconds (process running for 2.9)\n2024-03-15 10:30:01.004 WARN  [http-nio-8080-exec-1] pid=48213 tid=48220")))
n("stack-trace", chat(user("at com.acme.Foo.bar(Foo.java:123)\n\tat java.base/java.lang.Thread.run(Thread.java:1583)")))
n("k8s-yaml", chat(user("resources:\n  limits:\n    cpu: 500m\n    memory: 512Mi\nreplicas: 3\nimage: ghcr.io/acme/gateway:1.4.2")))
n("docker-digest", chat(user("image@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945")))
n("bank-sort-code", chat(user("sort codes are six digits like 20-00-00")))
n("price-list", chat(user("Plans: 9.99, 19.99, 49.99 USD; annual 99.00")))
n("phone-in-doc", chat(user("Dial 911 or 112 in an emergency")))
n("credit-card-prose", chat(user("Which credit card has the best travel rewards?")))
n("ssn-prose", chat(user("What is a social security number used for?")))
n("email-prose", chat(user("Write an email to the team about the offsite")))
n("url-no-creds", chat(user("see https://docs.example.com/v1/auth?user=alice&page=2 and http://localhost:8080/actuator")))
n("url-port", chat(user("redis://cache.internal:6379/0 and postgres://db:5432/app")))
n("hex-color-list", chat(user("palette: #ff5733 #33ff57 #3357ff #f1c40f")))
add("mac-address", chat(user("MAC 00:1A:2B:3C:4D:5E on eth0")), "internal", ["network-address"])
add("ipv4-private", chat(user("subnet 10.20.30.0/24 gateway 10.20.30.1")), "internal", ["network-address"])
n("random-words", chat(user("correct horse battery staple is a famous xkcd")))
n("lorem", chat(user("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.")))
n("json-config", chat(user('{"timeout_ms": 2500, "retries": 3, "backoff": 1.5, "region": "eu-west-1"}')))
n("aws-arn", chat(user("arn:aws:iam::123456789012:role/deploy and account 123456789012")))
n("aws-doc-region", chat(user("Use the eu-central-1 region and an m5.large instance")))
n("chemistry", chat(user("C6H12O6 + 6 O2 -> 6 CO2 + 6 H2O")))
n("sports", chat(user("Final score 3-2, attendance 61 274, kickoff 20:45")))
n("recipe", chat(user("Bake at 180 C for 25-30 minutes; serves 4-6")))
n("phone-like-product", chat(user("Part no. 555-1234-A and model X-200")))
n("large-id", chat(user("customer id 84213, invoice 2024-11-0042, amount 1 250,00 EUR")))


# ================= BATCH 2: harder cases, written after a first green run, before any further tuning ==========
add("h-card-csv", chat(user(f"{luhn_complete('4539', 16)},12/26,737,John Smith")), "restricted", ["payment-card"], "CSV row")
add("h-card-sentence-end", chat(user(f"Card: {group(luhn_complete('5425', 16), [4,4,4,4])}.")), "restricted", ["payment-card"])
add("h-email-upper", chat(user("Forward to JOHN.SMITH@CONTOSO.COM")), "confidential", ["email"])
add("h-email-subdomain", chat(user("a.b@mail.eu.acme-group.de wrote:")), "confidential", ["email"])
add("h-email-mailto", chat(user("<a href=\"mailto:jane@corp.io\">Jane</a>")), "confidential", ["email"])
add("h-email-fullwidth-at", chat(user("ｊａｎｅ＠ｃｏｒｐ．ｃｏｍ")), "confidential", ["email"], "fullwidth @ and dot")
add("h-email-forward-system", chat(sys("---------- Forwarded message ---------\nFrom: Nadia Ivanova <n.ivanova@gazprom-neft.ru>\nSubject: Q3"), user("reply politely")), "confidential", ["email"], "system message")
add("h-phone-ext", chat(user("+1 (415) 555-2671 ext. 204")), "confidential", ["phone"])
add("h-phone-uk-0", chat(user("Tel: +44 (0)20 7946 0958")), "confidential", ["phone"])
add("h-phone-de-mobile", chat(user("Handy 0171 1234567")), "confidential", ["phone"])
add("h-phone-in", chat(user("call +91 98765 43210 tomorrow")), "confidential", ["phone"])
add("h-phone-json", chat(user("update"), toolcall("crm_update", {"phone": "+4915112345678"})), "confidential", ["phone"], "tool arguments")
add("h-phone-us-spaces", chat(user("my number: 415 555 2671")), "confidential", ["phone"])
add("h-ssn-table", chat(user("| name | ssn |\n| Ann | 536-22-8147 |")), "restricted", ["national-id"])
add("h-ssn-dots", chat(user("SSN 536.22.8147")), "restricted", ["national-id"])
add("h-iban-lower-spaced", chat(user("gb82 west 1234 5698 7654 32")), "confidential", ["iban"])
add("h-taxid-label", chat(user("IdNr.: 25 768 131 411")), "restricted", ["national-id"])
add("h-aws-url", chat(user(f"https://s3.amazonaws.com/b/k?AWSAccessKeyId={aws_id}&Expires=1700000000&Signature=abc")), "restricted", ["secret"])
add("h-gh-url", chat(user(f"git push https://ghp_{token(36)}@github.com/acme/repo.git")), "restricted", ["secret"])
add("h-curl-basic", chat(user("curl -u admin:Hunter2!x https://jenkins.acme.io/api/json")), "restricted", ["secret"], "curl -u user:pass")
add("h-netrc", chat(user("machine api.acme.com login bob password hunter2x9")), "restricted", ["secret"], ".netrc")
add("h-pem-ec", chat(user("-----BEGIN EC PRIVATE KEY-----\n" + rand(ALNUM + "+/", 64) + "\n" + rand(ALNUM + "+/", 40) + "\n-----END EC PRIVATE KEY-----")), "restricted", ["secret"])
add("h-bearer-openai", chat(user(f"-H 'Authorization: Bearer sk-{token(48)}'")), "restricted", ["secret"])
add("h-apikey-prose", chat(user(f"my api key is {token(32)} can you test it")), "restricted", ["secret"])
add("h-cookie-jwt", chat(user(f"Cookie: session={jwt}; theme=dark")), "restricted", ["secret"])
add("h-mongo-env", chat(user("MONGO_URI=mongodb://admin:pa55word@mongo:27017/app")), "restricted", ["secret"])
add("h-azure-sas", chat(user("https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-01T00:00:00Z&spr=https&sig=" + base64.b64encode(R.randbytes(32)).decode().replace('/', '%2F').replace('+', '%2B').replace('=', '%3D'))), "restricted", ["secret"])
add("h-stripe-test", chat(user(f"STRIPE_SECRET_KEY=sk_test_{token(24)}")), "restricted", ["secret"])
add("h-codename-possessive", chat(user("NIGHTJAR's budget doubled")), "confidential", ["codenames"])
add("h-codename-hashtag", chat(user("#nightjar standup notes")), "confidential", ["codenames"])
add("h-codename-path", chat(user("see /projects/nightjar/specs/v2.md")), "confidential", ["codenames"])
add("h-codename-newline", chat(user("Blue\nHeron kickoff")), "confidential", ["codenames"], "term split by a newline")
add("h-secret-assistant", chat(user("generate a config"), asst(f"Here you go:\nDB_PASSWORD=Qz8!vR2pLx\n"), user("thanks")), "restricted", ["secret"], "assistant turn")

n("h-meeting-room", chat(user("The meeting is at 10:30 in room 4.12")))
n("h-isbn-2", chat(user("ISBN 978-0-306-40615-7")))
n("h-bic", chat(user("Our SWIFT/BIC is DEUTDEFF500")))
n("h-price", chat(user("Total $4,111.11 incl. VAT")))
n("h-md5", chat(user("md5: d41d8cd98f00b204e9800998ecf8427e")))
n("h-password-policy", chat(user("password must be at least 8 characters; use a passphrase")))
n("h-token-limit", chat(user("Set the token_limit = 4096 and max_tokens: 512")))
n("h-rails-secret", chat(user("secret_key_base = Rails.application.credentials.secret_key_base")))
n("h-kubectl", chat(user("kubectl create secret generic db --from-literal=password=$(cat pw.txt)")))
n("h-password123-word", chat(user("password123 is a terrible password")))
n("h-localhost-mail", chat(user("cron mails root@localhost and admin@server01")))
n("h-handles", chat(user("@jack tweeted; @Override and @Bean annotations")))
n("h-csv-measurements", chat(user("12.3456,78.9012,34.5678,90.1234\n11.1111,22.2222,33.3333,44.4444")))
n("h-euro-amount", chat(user("EUR 1.234.567,89 budget")))
n("h-meet-at", chat(user("Meet at 5 dot 30 near the gate")))
n("h-fiction-phones", chat(user("Numbers 555-0100 through 555-0199 are reserved for fiction")))
n("h-ratio", chat(user("ratios 1/3, 2/3 and 3/4 of 1200")))
n("h-f-string", chat(user("email = f'{user}@{domain}'")))
n("h-pwd-shell", chat(user("cd $(pwd)/build && echo $PWD")))
n("h-key-value-config", chat(user("primary_key: id\nforeign_key: user_id\nsort_key: created_at")))
n("h-random-caps", chat(user("HTTP/2 200 OK; Content-Length: 1024; ETag: W/\"5e8f-1a2b\"")))
n("h-long-digits-sci", chat(user("Avogadro 6.02214076e23, pi 3.14159265358979")))
n("h-build-number", chat(user("build 1234567890123 deployed to prod-eu")))
n("h-semantic-version-range", chat(user("\"react\": \"^18.2.0\", \"typescript\": \"~5.4.5\"")))


# ================= BATCH 3: homoglyphs and URL-encoding (added with their fixes, so not an independent test) ====
add("h3-codename-cyrillic", chat(user("status of NIGHTJ\u0410R")), "confidential", ["codenames"], "Cyrillic A")
add("h3-email-greek", chat(user("mail j\u03bfhn@c\u03bfrp.com")), "confidential", ["email"], "Greek omicron")
add("h3-email-percent", chat(user("https://crm.acme.io/search?q=jane.doe%40acme-corp.com")), "confidential", ["email"], "URL-encoded @")
add("h3-card-percent", chat(user("GET /pay?pan=4539%201488%200343%206467")), "restricted", ["payment-card"], "URL-encoded spaces")
n("h3-russian-prose", chat(user("Привет! Как дела? Встреча в 10:30, комната 4.")))
n("h3-percent-benign", chat(user("50% off, 100%20 is not an escape, see /docs?q=hello%20world")))


# ================= BATCH 4 (issue 12): values from public test suites, exactly as written there ==============
# Each group names its source (repository + path). Positives are placed in ordinary sentences; negatives are
# the same suites' invalid near misses (checksum, component or format), placed the same way.
def P(cid, level, det, text, src):
    add("pub-" + cid, chat(user(text)), level, [det], src)

def N(cid, text, src):
    add("pub-neg-" + cid, chat(user(text)), "public", [], src)

S = "microsoft/presidio presidio-analyzer/tests/test_credit_card_recognizer.py"
for i, v in enumerate(["4012888888881881", "4012-8888-8888-1881", "4012 8888 8888 1881", "122000000000003",
                       "371449635398431", "5555555555554444", "5019717010103742", "30569309025904",
                       "6011000400000000", "3528000700000000", "6759649826438453", "4111111111111111",
                       "4917300800000000", "4484070000000000"]):
    P(f"card-{i}", "restricted", "payment-card", f"Please update the card on file to {v} before Friday.", S)
N("card-luhn", "my credit card number is 4012-8888-8888-1882", S)
N("card-diners-luhn", "my credit card number is 36168002586008", S)

S = "microsoft/presidio presidio-analyzer/tests/test_us_ssn_recognizer.py"
P("ssn-bare", "restricted", "national-id", "Applicant SSN 078051121 on the intake form.", S)
for i, v in enumerate(["078-05-1123", "078.05.1123", "078 05 1123"]):
    P(f"ssn-{i}", "restricted", "national-id", f"Employee record: {v}.", S)
P("ssn-after", "restricted", "national-id", "078 05 1123 is the social security number she gave us.", S)
P("ssn-near", "restricted", "national-id", "For the SSN field I typed, as the payroll form asks, 078051121 yesterday.", S)
for i, v in enumerate(["0780511201", "078051120", "000000000", "666000000", "078-05-0000", "078 00 1123", "693-09.4444"]):
    N(f"ssn-{i}", f"SSN field shows {v} in the import log.", S)
S = "arthurdejong/python-stdnum stdnum/us/itin.py; microsoft/presidio presidio-analyzer/tests/test_us_itin_recognizer.py"
for i, v in enumerate(["912-90-3456", "911-70-1234", "911701234", "911-701234", "91170-1234"]):
    P(f"itin-{i}", "restricted", "national-id", f"Her ITIN (taxpayer id) is {v}.", S)
N("itin-group", "my taxpayer id 911-89-1234", S)
N("itin-group-2", "ITIN 912-93-4567 was rejected", S)

S = "microsoft/presidio presidio-analyzer/tests/test_uk_nino_recognizer.py"
for i, v in enumerate(["AA 12 34 56 B", "hh 01 02 03 d", "tw987654a", "nino: PR 123612C",
                       "Here is my National Insurance Number YZ 61 48 68 B"]):
    P(f"nino-{i}", "restricted", "national-id", f"Payroll update: {v}", S)
P("nino-nosuffix", "restricted", "national-id", "NI number YZ 61 48 68 for the new starter", S + " (suffix dropped, as HMRC allows)")
for i, v in enumerate(["AA 12 34 56 H", "FQ 00 00 00 C", "BG123612A", "nino: nt 99 88 77 a",
                       "This isn't a valid national insurance number UV 98 76 54 B"]):
    N(f"nino-{i}", f"Payroll update: {v}", S)
S = "microsoft/presidio presidio-analyzer/tests/test_uk_nhs_recognizer.py"
for i, v in enumerate(["401-023-2137", "221 395 1837", "0032698674"]):
    P(f"nhs-{i}", "restricted", "national-id", f"Patient NHS number {v}, referral attached.", S)
N("nhs", "Patient NHS number 401-023-2138, referral attached.", S)

S = "arthurdejong/python-stdnum tests/test_de_idnr.doctest"
for i, v in enumerate(["1123456789 0", "1112345678 6"]):
    P(f"steuer-{i}", "restricted", "national-id", f"Meine Steuer-ID lautet {v}.", S)
for i, v in enumerate(["1234567890 3", "1111234567 8", "1122345678 5", "01234567896"]):
    N(f"steuer-{i}", f"Meine Steuer-ID lautet {v}.", S)
S = "arthurdejong/python-stdnum stdnum/fr/nir.py"
for i, v in enumerate(["2 95 10 99 126 111 93", "253072B07300470", "253072A07300443"]):
    P(f"nir-{i}", "restricted", "national-id", f"Numéro de sécurité sociale : {v}", S)
for i, v in enumerate(["295109912611199", "253072C07300443"]):
    N(f"nir-{i}", f"Numéro de sécurité sociale : {v}", S)

S = "microsoft/presidio presidio-analyzer/tests/test_ca_sin_recognizer.py"
for i, v in enumerate(["130 692 544", "435 418 165", "948 584 792", "347-677-452", "731-530-150"]):
    P(f"sin-{i}", "restricted", "national-id", f"Employee social insurance number: {v}", S)
for i, v in enumerate(["130692544", "550090112"]):
    P(f"sin-bare-{i}", "restricted", "national-id", f"my SIN is {v}", S)
P("sin-ctx", "restricted", "national-id", "my SIN is 130-692-544", S)
P("sin-fr", "restricted", "national-id", "mon NAS: 258 933 688", S)
for i, v in enumerate(["130 692 545", "130692545", "435-418-166", "046 454 286", "812 345 678", "111 111 111",
                       "999 999 999", "046-454 286", "046 454-286", "13069254", "1306925440"]):
    N(f"sin-{i}", f"Reference {v} from the old system", S)
S = "microsoft/presidio presidio-analyzer/tests/test_au_tfn_recognizer.py"
for i, v in enumerate(["876 543 210", "876543210"]):
    P(f"tfn-{i}", "restricted", "national-id", f"Please file it under my TFN {v}.", S)
for i, v in enumerate(["824 753 557", "824753557", "5282475355632", "52824753556AF", "51 824 753 5564"]):
    N(f"tfn-{i}", f"Please file it under my TFN {v}.", S)
S = "microsoft/presidio presidio-analyzer/tests/test_in_aadhaar_recognizer.py"
for i, v in enumerate(["312345678909", "399876543211", "3123 4567 8909", "3998 7654 3211", "3123-4567-8909",
                       "3998-7654-3211"]):
    P(f"aadhaar-{i}", "restricted", "national-id", f"KYC: Aadhaar {v}", S)
P("aadhaar-sentence", "restricted", "national-id", "My Aadhaar number is 400123456787 with a lot of text beyond it", S)
for i, v in enumerate(["123456789012", "1234 5678 9012", "1234-5678-9012"]):
    N(f"aadhaar-{i}", f"KYC: Aadhaar {v}", S)
S = "microsoft/presidio presidio-analyzer/tests/test_in_pan_recognizer.py"
P("pan-0", "restricted", "national-id", "PAN ABCPD1234Z for the vendor form", S)
P("pan-1", "restricted", "national-id", "My PAN number is ABBPM4567S with a lot of text beyond it", S)
N("pan", "PAN ABCD1234 for the vendor form", S)

S = "microsoft/presidio presidio-analyzer/tests/test_es_nif_recognizer.py; arthurdejong/python-stdnum stdnum/es/dni.py"
for i, v in enumerate(["55555555K", "55555555-K", "1111111-G", "1111111G", "01111111G", "54362315-K"]):
    P(f"dni-{i}", "restricted", "national-id", f"Mi DNI es {v}, gracias.", S)
N("dni", "Mi DNI es 54362315Z, gracias.", S)
S = "microsoft/presidio presidio-analyzer/tests/test_es_nie_recognizer.py"
for i, v in enumerate(["Z8078221M", "X9613851N", "Y8063915Z", "Y8063915-Z"]):
    P(f"nie-{i}", "restricted", "national-id", f"Mi NIE es {v}", S)
P("nie-long", "restricted", "national-id", "Mi Número de identificación de extranjero es Y8063915-Z", S)
for i, v in enumerate(["Y8063915Q", "Y806391Q", "58063915Q", "W8063915Q"]):
    N(f"nie-{i}", f"Mi NIE es {v}", S)
S = "arthurdejong/python-stdnum stdnum/it/codicefiscale.py; microsoft/presidio presidio-analyzer/tests/test_it_fiscal_code_recognizer.py"
for i, v in enumerate(["RCCMNL83S18D969H", "CNTCHR83T41D969D", "AAAAAA00B11C333Y"]):
    P(f"cf-{i}", "restricted", "national-id", f"Il mio codice fiscale è {v}.", S)
for i, v in enumerate(["AAAAAA00B11C333N", "A55AAA00B11C333N", "RCCMNL83S18D969"]):
    N(f"cf-{i}", f"Il mio codice fiscale è {v}.", S)
S = "arthurdejong/python-stdnum stdnum/pl/pesel.py; microsoft/presidio presidio-analyzer/tests/test_pl_pesel_recognizer.py"
for i, v in enumerate(["44051401359", "02122401358", "02211307589"]):
    P(f"pesel-{i}", "restricted", "national-id", f"Mój numer PESEL to {v}.", S)
# Presidio's test takes 11111111114 as valid: its validator checks sum mod 10 == last digit; the official rule
# (and stdnum) wants (10 - sum mod 10) mod 10 = 6 here, so under the official rule it is a near miss
N("pesel-presidio", "My pesel is 11111111114.", S + " (invalid under the official check digit; see comment)")
for i, v in enumerate(["44051401358", "02381307589", "1111321111", "11110021111", "11-11-11-11114"]):
    N(f"pesel-{i}", f"Mój numer PESEL to {v}.", S)
S = "arthurdejong/python-stdnum stdnum/nl/bsn.py"
for i, v in enumerate(["1112.22.333", "111222333"]):
    P(f"bsn-{i}", "restricted", "national-id", f"Mijn BSN is {v}.", S)
for i, v in enumerate(["1112.52.333", "1112223334"]):
    N(f"bsn-{i}", f"Mijn BSN is {v}.", S)
S = "arthurdejong/python-stdnum tests/test_be_nn.doctest"
for i, v in enumerate(["85.07.30-033 28", "17 07 30 033 84", "75.06.08-980.09"]):
    P(f"be-{i}", "restricted", "national-id", f"Rijksregisternummer: {v}", S)
for i, v in enumerate(["12345678901", "85133000105"]):
    N(f"be-{i}", f"Rijksregisternummer: {v}", S)
S = "arthurdejong/python-stdnum stdnum/ch/ssn.py"
for i, v in enumerate(["7569217076985", "756.9217.0769.85"]):
    P(f"ahv-{i}", "restricted", "national-id", f"AHV-Nummer {v} bitte eintragen", S)
for i, v in enumerate(["756.9217.0769.84", "123.4567.8910.19"]):
    N(f"ahv-{i}", f"AHV-Nummer {v} bitte eintragen", S)

S = "microsoft/presidio presidio-analyzer/tests/test_aba_routing_recognizer.py; arthurdejong/python-stdnum stdnum/us/rtn.py"
for i, v in enumerate(["121000358", "3222-7162-7", "121042882", "0711-0130-7", "111000025"]):
    P(f"aba-{i}", "confidential", "bank-account", f"Wire it to routing number {v}, please.", S)
for i, v in enumerate(["421042111", "1234-0000-0", "112000025"]):
    N(f"aba-{i}", f"Wire it to routing number {v}, please.", S)
S = "microsoft/presidio presidio-analyzer/tests/test_us_bank_recognizer.py"
P("bank-acct", "confidential", "bank-account", "Checking account number 945456787654 at the credit union", S)
N("bank-acct", "Checking account number 1234567 at the credit union", S)

S = "microsoft/presidio presidio-analyzer/tests/test_iban_recognizer.py"
for i, v in enumerate(["AL47 2121 1009 0000 0002 3569 8741", "DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19",
                       "NL91ABNA0417164300", "CH9300762011623852957", "FR1420041010050500013M02606",
                       "BR97 0036 0305 0000 1000 9795 493P 1", "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
                       "QA58 DOHB 0000 1234 5678 90AB CDEF G", "NO93 8601 1117 947"]):
    P(f"iban-{i}", "confidential", "iban", f"Bitte überweisen Sie auf {v} bis Monatsende.", S)
P("iban-dots", "confidential", "iban", "IBAN DE89.3704.0044.0532.0130.00 (dotted)", S + " (DE89370400440532013000 written with dots)")
P("iban-dash", "confidential", "iban", "IBAN GB29-NWBK-6016-1331-9268-19", S + " (written with dashes)")
for i, v in enumerate(["AL47 2121 1009 0000 0002 3569 8740", "DE89 3704 0044 0532 0130 01", "GB29 NWBK 6016 1331 9268 10",
                       "NL91 ABNA 0417 1643 01", "CH93 0076 2011 6238 5295 8", "G T82 TRAJ 0102 0000 0012 1002 9690"]):
    N(f"iban-{i}", f"Bitte überweisen Sie auf {v} bis Monatsende.", S)

S = "google/libphonenumber PhoneNumberMatcherTest (testFindNationalNumber, testFindWithInternationalPrefixes, testFindWithLeadingZero, testFindExtensions, testMatchWithSurroundingZipcodes); microsoft/presidio presidio-analyzer/tests/test_phone_recognizer.py"
for i, v in enumerate(["03-331 6005", "03 331 6005", "0064 3 331 6005", "+64 3 331 6005", "650-253-0000",
                       "+1 (650) 333-6000", "1-650-333-6000", "+39 02-36618 300", "02-36618 300",
                       "03 331 6005 ext 3456", "+44 2034567890x456", "+44 2034567890 x456",
                       "+54 9 343 555 1212", "+52 (449)978-0001", "(415) 555-0132", "+1 415 555 0132",
                       "09-7625400"]):
    P(f"phone-{i}", "confidential", "phone", f"You can call me on {v} after six.", S)
P("phone-zip", "confidential", "phone", "My address is CA 34215 - 415-666-7777 is my number.", S)
P("phone-zip-paren", "confidential", "phone", "Springfield, IL 62704 (415) 666-7777", S + " (a ZIP code before the number)")
for i, v in enumerate(["3/10/2011", "31/10/96", "08/31/95", "2012-01-02 08:00", "211-227 (2003)", "$170,000"]):
    N(f"phone-{i}", f"See the note from {v} in the archive.", S)

S = "JoshData/python-email-validator tests/test_syntax.py"
for i, v in enumerate(["伊昭傑@郵件.商務", "राम@मोहन.ईन्फो", "юзер@екзампл.ком", "θσερ@εχαμπλε.ψομ", "jeff@臺網中心.tw",
                       "伊昭傑@xn--5nqv22n.xn--lhr59c", "Abc@example.tld", "user+mailbox/department=shipping@example.tld"]):
    P(f"email-{i}", "confidential", "email", f"Please forward the contract to {v} today.", S)
N("email-noat", "Please forward the contract to Abc.example.com today.", S)
N("email-dash", "Please forward the contract to my@baddash.-a.com today.", S)
S = "no-reply senders (issue 12: Claude Code adds this trailer to every request)"
N("email-noreply-claude", "Fix the flaky test\n\nCo-Authored-By: Claude Code <noreply@anthropic.com>", S)
N("email-noreply-github", "Merge pull request #42 from 12345+octocat@users.noreply.github.com", S)
N("email-noreply-dash", "The invoice came from no-reply@billing.acme-corp.com this morning", S)

S = "arthurdejong/python-stdnum tests/test_bitcoin.doctest; microsoft/presidio presidio-analyzer/tests/test_crypto_recognizer.py"
for i, v in enumerate(["1NEDqZPvTWRaoho48qXuLLsrYomMXPABfD", "1111111111111111111114oLvT2",
                       "BC1QARDV855YJNGSPVXUTTQ897AQCA3LXJU2Y69JCE", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                       "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                       "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
                       "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                       "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"]):
    P(f"wallet-{i}", "confidential", "crypto-wallet", f"Send the refund to {v} please.", S)
P("wallet-eth", "confidential", "crypto-wallet", "My Ethereum wallet is 0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", S)
# Presidio's suite lists this all-lowercase address as a non-match; EIP-55 (ethereum/EIPs EIPS/eip-55.md) says an
# address in one case is valid, only without a checksum. The suites disagree; the detector sides with the spec (fail
# closed), so the case is a positive here.
P("wallet-eth-lower", "confidential", "crypto-wallet",
  "Send the refund to lowercase address 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed please.", S)
for i, v in enumerate(["1NEDqZPvTWRaoho48qXuLLsrYomMXPABfA", "bc1qardv855yjngspvxuttq897aqca3lxju2y69jZZ",
                       "bc1qardv855yjngspvxuttq897aqca3lxju2y69j11", "bc1pc54a7w", "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ2",
                       "8f953371d3e85eddb89b05ed6b9e680791055315c73e1025ab5dba7bb2aee189",
                       "checksummed but invalid address 0xdbF03B407c01E7cD3CBea99509d93f8DDdC8C6FB"]):
    N(f"wallet-{i}", f"Send the refund to {v} please.", S)

S = "microsoft/presidio presidio-analyzer/tests/test_ip_recognizer.py"
for i, v in enumerate(["microsoft.com 192.168.0.1", "684D:1111:222:3333:4444:5555:6:77", "2345:0425:2CA1::0567:5673:23b5",
                       "2400:c401::5054:ff:fe1b:b031", "my ip: ::1", "Gateway: fe80::1 on interface",
                       "Server IP: 2001:db8::1", "Mapped: ::ffff:192.168.1.1", "localhost 127.0.0.1",
                       "Subnet: 192.168.1.0/24"]):
    P(f"ip-{i}", "internal", "network-address", f"Firewall note: {v}", S)
for i, v in enumerate(["my ip: 192.168.0", "684D:1111:222:3333:4444:5555:77", "Time 12:34:56", "Ratio 1:2:3:4",
                       "Version 1.2.3", "Port 80:443", "abc:def:ghi", "std::cout", "MyClass::toString",
                       "256.256.256.256", "192.168.1.256", "300.168.1.1", "12345:db8::1", "2001::db8::1"]):
    N(f"ip-{i}", f"Firewall note: {v}", S)

S = "Yelp/detect-secrets tests/plugins/*_test.py (stripe_key, jwt, discord, sendgrid, github_token, aws_key, basic_auth)"
for i, v in enumerate(["sk_live_ReTllpYQYfIZu2Jnf2lAPFjD", "rk_live_5TcWfjKmJgpql9hjpRnwRXbT",
                       "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
                       "eyJ0eXAiOiJKV1QiLA0KImFsZyI6IkhTMjU2In0.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",
                       "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiSm9lIiwKInN0YXR1cyI6ImVtcGxveWVlIgp9",
                       "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",
                       "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",
                       "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", "AKIAZZZZZZZZZZZZZZZZ",
                       "https://username:password@yelp.com"]):
    P(f"secret-{i}", "restricted", "secret", f"Why does this fail: {v} ?", S)
for i, v in enumerate(["MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs",
                       "Nzk5MjgxNDk0NDc2NDU1OTg3.YABS5g.2lmzECVlZv3vv6miVnUaKPQi2wI",
                       "MZ1yGvKTjE0rY0cV8i47CjAa.uRHQPq.Xb1Mk2nEhe-4iUcrGOuegj57zMC"]):
    P(f"discord-{i}", "restricted", "secret", f"The Discord log line shows {v} at startup.", S)
for i, v in enumerate(["pk_live_j5krY8XTgIcDaHDb3YrsAfCl", "sk_live_",
                       '{"alg":"HS256","typ":"JWT"}.{"name":"Jon Doe"}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
                       "bm90X3ZhbGlkX2pzb25fYXRfYWxs.bm90X3ZhbGlkX2pzb25fYXRfYWxs.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
                       "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "eyJAAAA.eyJBBB", "eyJBB.eyJCC.eyJDDDD",
                       "eyJhbasdGciOiJIUaddasdasfsasdasdzI1NiIasdsInR5cCI6IkpXVCasdJasd9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
                       "SG.ngeVfQFYQlKU0ufo8x5d1A..TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr",
                       "AG.ngeVfQFYQlKU0ufo8x5d1A.TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr",
                       "foo_wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx", "akiazzzzzzzzzzzzzzzz", "AKIAZZZ",
                       "http://localhost:5000/<%= @variable %>"]):
    N(f"secret-{i}", f"Why does this fail: {v} ?", S)
for i, v in enumerate(["MZ1yGvKTj0rY0cV8i47CjAa.uHQPq.Xb1Mk2nEhe-4icrGOuegj57zMC",
                       "SZ1yGvKTj0rY0cV8i47CjAa.uHQPq.Xb1Mk2nEhe-4icrGOuegj57zMC",
                       "MZ1yGvKTj0rY0cV8i47CjAa.uHQPq.Xb1Mk2nEhe-4icrGOuegj57zM"]):
    N(f"discord-{i}", f"The Discord log line shows {v} at startup.", S)
S = "gitleaks/gitleaks cmd/generate/config/rules/gitlab.go, database.go (the rules' false-positive examples)"
for i, v in enumerate(["glpat-XXXXXXXXXXX-XXXXXXXX", "glptt-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                       "GR134894112312312312312312312", "GR1348941XXXXXXXXXXXXXXXXXXXX",
                       "glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx", "glrt-tx_xxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxx",
                       "DB_PASSWORD=[value]", "somepwd=XXXXXXXXXXXXXXX"]):
    N(f"gitleaks-{i}", f"The README shows {v} as the example.", S)
# gitleaks generates its true positives at random (secrets.NewSecret), so these follow the rules' formats
S = "synthetic, to the formats of gitleaks/gitleaks cmd/generate/config/rules/{gitlab,slack,anthropic,huggingface,twilio,shopify,mailgun,npm,azure}.go"
for i, v in enumerate(["glpat-9xK2mP4vL8qR3tN7wZ1c", "glcbt-64_Hx9Pq2Wm7Lz4Rk8Tv1Nc", "GR1348941Zt7Nv4HcPq8Wx3Lm7Zk2",
                       "gldt-Xq7Lp2Wk9Rm4Zt8Nv3Hc", "xoxb-781236542736-2364535789652-GkwFDQoHqzXDVsC6GzqYUypD",
                       "xapp-1-A01BCDEFGHI-1234567890123-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b",
                       "sk-ant-api03-Rk8Wm3Px9Lq2Zt7Nv4HcA1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tUvWxYz1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ-AA",
                       "hf_RkWmPxLqZtNvHcAbCdEfGhIjKlMnOpQrSt", "SK2a1f4e6b8c0d2e4f6a8b0c2d4e6f8a0b",
                       "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", "key-2a1f4e6b8c0d2e4f6a8b0c2d4e6f8a0b",
                       "npm_Rk8Wm3Px9Lq2Zt7Nv4HcA1bC2dE3fG4hI5jK", "Xk48Q~Rk8Wm3Px9Lq2Zt7Nv4HcA1bC2dE3fG4hI",
                       "pypi-AgEIcHlwaS5vcmcCJDZhYjM0YjE0LTY3NzctNDk5Yi1hNmIxLWQ0ZDBlMzMwYzkzNgACKlsz"]):
    P(f"token-{i}", "restricted", "secret", f"CI keeps failing with {v} in the env, any idea?", S)
S = "issue 12 shapes: connection strings whatever the password word, unsigned JWT, templates in secrets, key names, PGP"
for i, v in enumerate(["postgresql://app:secret@db.internal:5432/orders", "jdbc:mysql://root:password@10.0.0.5:3306/hr",
                       "mongodb+srv://svc:hunter2@cluster0.ab1cd.mongodb.net/prod", "redis://:s3cr3t@cache.internal:6379/0",
                       "amqp://guest:guest@rabbit.internal:5672/",
                       "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJyb290In0.",
                       "api_key = Xk9mP2vLq8Rt${ENV_SUFFIX}Wz4nB7cD1e", "db_pass: Winter2024x", "passwd=Tr0ub4dor3",
                       "cookie_secure_token: 9f8Kq2LmX7vB3nZ0pR5tW1yC6dH4jE8s", "apikey=8HfK2mQ9xL4vN7tB",
                       "secret: q8Zr4Lm2Vx9Kt3Pw",
                       "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0x1bUBCADJ3e4u7q2R8kP2mX9qL4vN7tB3wY6zC1dF5gH0jK2sA4eZx9Qw\n=Ab3d\n-----END PGP PRIVATE KEY BLOCK-----"]):
    P(f"shape-{i}", "restricted", "secret", f"Is this config right?\n{v}", S)
N("shape-template-only", "Is this config right?\npostgresql://app:${DB_PASSWORD}@db.internal:5432/orders", S)
N("shape-template-key", "Is this config right?\napi_key: {{ .Values.apiKey }}", S)

S = "microsoft/presidio presidio-analyzer/tests/test_us_passport_recognizer.py"
P("passport", "restricted", "national-id", "My US passport number is 912803456, expiring 2031.", S)
N("passport", "Order 912803456 shipped on Monday.", S + " (the same digits without a passport word)")
S = "microsoft/presidio presidio-analyzer/tests/test_us_driver_license_recognizer.py"
P("licence", "restricted", "national-id", "Driver license H12234567, issued in Washington.", S)
for i, v in enumerate(["C12T345672", "ABCDEFG", "ABCD ABCDEFGHIJ"]):
    N(f"licence-{i}", f"Driver license {v}, issued in Washington.", S)
S = "arthurdejong/python-stdnum stdnum/mac.py"
for i, v in enumerate(["D0-50-99-84-A2-A0", "d0:50:99:84:a2:a0"]):
    P(f"mac-{i}", "internal", "network-address", f"The switch port learned {v} at noon.", S)
N("mac", "The switch port learned D0-50-99-84-A2 at noon.", S + " (five groups: not an address)")

# ================= BATCH 5 (detecteval): README claims no case above tested ==============
# The README lists Mir and RuPay cards and Datadog keys; these own cases (generated to the published formats,
# appended last so the seeded values above stay the same) make the list exactly what the build tests.
add("card-mir", chat(user(f"Оплата картой Мир {group(luhn_complete('2200', 16), [4, 4, 4, 4])}, спасибо")), "restricted", ["payment-card"], "Mir 2200-2204")
add("card-rupay", chat(user(f"My RuPay debit card is {luhn_complete('6521', 16)}")), "restricted", ["payment-card"], "RuPay 6521")
add("card-rupay-508", chat(user(f"RuPay card {group(luhn_complete('508', 16), [4, 4, 4, 4], '-')} was declined")), "restricted", ["payment-card"], "RuPay 508")
add("datadog-key", chat(user("DD_API_KEY=" + "".join(R.choice("0123456789abcdef") for _ in range(32)))), "restricted", ["secret"], "Datadog API key (32 hex next to DD_API_KEY)")

print("\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
import sys as _s
npos = sum(1 for c in cases if c["level"] != "public")
print(f"# {len(cases)} cases, {npos} sensitive ({100*npos/len(cases):.0f}%)", file=_s.stderr)
