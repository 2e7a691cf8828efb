#!/usr/bin/env python3
"""Writes heldout.jsonl: a HELD-OUT evaluation set for the classifier (issue 12), built from public test suites
that ../make_corpus.py (the corpus the detectors were tuned on) does not use.

Rules, kept to make the figure honest:
- values exactly as the suite writes them (case, separators), placed in ordinary sentences with the kind of
  context a person writes ("my SIN is ..."); the suites' own invalid values are the negatives, placed the same way;
- values already in corpus.jsonl are left out (the set must be unseen by whoever tuned the detectors);
- a suite's negative is left out when its value, once separators are removed, is a positive of the same suite
  (e.g. validator.js rejects '744 797 853' as a SIN only for its spacing; in free text it is the SIN 744797853),
  or when it contains one of the suite's positives as a substring ('prefix6234917882863855'): in free text a scanner
  rightly finds those; each such exclusion is named below;
- placeholders the suite lists as positives (all-x or all-0 tokens) are left out; disputed values are listed.
- where suites disagree with each other or with the official rule, the case is kept but marked "disputed" with the
  reason; HeldOutTest prints those apart and counts them neither as leaks nor as false positives.
Each line: {"id", "entity", "sensitive", "detector", "text", "source"[, "disputed"]}.  python3 make_heldout.py > heldout.jsonl
"""
import json

cases = []
SRC = None
ENTITY = None
DET = None

def group(entity, det, src):
    global ENTITY, DET, SRC
    ENTITY, DET, SRC = entity, det, src

def pos(template, values):
    for v in values:
        cases.append({"entity": ENTITY, "sensitive": True, "detector": DET, "text": template.format(v), "source": SRC})

def neg(template, values):
    for v in values:
        cases.append({"entity": ENTITY, "sensitive": False, "detector": DET, "text": template.format(v), "source": SRC})

def disputed(template, values, sensitive, reason):
    """Suites (or the suite and the official rule) disagree: reported apart, not counted either way."""
    for v in values:
        cases.append({"entity": ENTITY, "sensitive": sensitive, "detector": DET, "text": template.format(v),
                      "source": SRC, "disputed": reason})

# ---------------- payment cards ----------------
group("card", "payment-card", "validatorjs/validator.js test/validators/isCreditCard.test.js")
pos("Please charge {} for the annual renewal.", [
    "375556917985515", "36050234196908", "4716461583322103", "4716-2210-5188-5662", "4929 7226 5379 7141",
    "5398228707871527", "6283875070985593", "6263892624162870", "6234917882863855", "6234698580215388",
    "6226050967750613", "6246281879460688", "2222155765072228", "2225855203075256", "2720428011723762",
    "2718760626256570", "6765780016990268", "4716989580001715211", "8171999927660000", "8171999900000000021",
    "6011111111111117", "6011000990139424", "3530111333300000", "3566002020360505"])
# left out: 'prefix6234917882863855', '6234917882863855suffix' (contain a positive); 'foo'
neg("Please charge {} for the annual renewal.", [
    "5398228707871528", "2718760626256571", "2721465526338453", "2220175103860763", "375556917985515999999993",
    "899999996234917882863855", "623491788middle2863855", "4716989580001715213"])

# ---------------- national ids ----------------
group("ssn", "national-id", "arthurdejong/python-stdnum stdnum/us/ssn.py (module doctests)")
pos("The new hire's social security number is {}.", ["536-90-4399"])
pos("SSN: {} (from the W-4)", ["536-90-4399"])
neg("The new hire's social security number is {}.", ["1112-23333", "666-00-0000", "078-05-1120"])

group("nino", "national-id", "validatorjs/validator.js test/validators/isTaxID.test.js (en-GB)")
pos("My National Insurance number is {} for payroll.", ["AA123456A", "AA123456 "])
# left out: 'GB 123456 A', 'GB-123456A', 'GB123456  ' are invalid prefixes anyway and kept below; '1234567890' is a UTR
neg("My National Insurance number is {} for payroll.", [
    "GB123456A", "NK123456A", "TN123456A", "ZZ123456A", "GB123456Z", "DM123456A", "AO123456A", "GB-123456A",
    "GB 123456 A", "GB123456  "])

group("nhs", "national-id", "arthurdejong/python-stdnum stdnum/gb/nhs.py (module doctests)")
pos("Patient's NHS number: {}, please book the scan.", ["943-476-5870", "943 476 5870", "9434765870"])
neg("Patient's NHS number: {}, please book the scan.", ["9434765871"])

group("steuer-id", "national-id", "arthurdejong/python-stdnum stdnum/de/idnr.py; validatorjs/validator.js test/validators/isTaxID.test.js (de-DE)")
pos("Meine steuerliche Identifikationsnummer ist {}.", [
    "36 574 261 809", "26954371827", "86095742719", "65929970489", "79608434120", "659/299/7048/9"])
# left out: '6592997048-9' (validator.js rejects the dash only; digits are the positive 65929970489)
neg("Meine steuerliche Identifikationsnummer ist {}.", [
    "36574261890", "36554266806", "26954371828", "86095752719", "8609575271", "860957527190", "65299970489",
    "65999970489"])

group("sin", "national-id", "arthurdejong/python-stdnum stdnum/ca/sin.py; validatorjs/validator.js test/validators/isTaxID.test.js (en-CA)")
pos("My SIN is {}, for the T4.", [
    "123-456-782", "521719666", "469317481", "120217450", "480534858", "325268597", "336475660", "744797853"])
# left out: '130692544' (already in corpus.jsonl); disputed: '000000000' and '046454286' are valid for validator.js but
# not for stdnum/Presidio (SINs never start with 0); '744 797 853', '744-797-853', '74 47 978 53' (spacing only)
neg("My SIN is {}, for the T4.", [
    "999-999-999", "823456785", "012345678", "111111111", "999999999", "657449110", "981062432", "267500713",
    "069437151", "046454281", "146452286", "70597312", "7058973122"])

group("tfn", "national-id", "arthurdejong/python-stdnum tests/test_au_tfn.doctest; stdnum/au/tfn.py")
pos("My tax file number is {}.", ["112474082", "459599230", "565051603", "812 239 321", "865414088", "907974668",
                                  "123 456 782"])
neg("My tax file number is {}.", ["999 999 999"])

group("aadhaar", "national-id", "arthurdejong/python-stdnum tests/test_in_aadhaar.doctest, stdnum/in_/aadhaar.py; validatorjs/validator.js test/validators/isIdentityCard.test.js (IN)")
pos("My Aadhaar number is {} for the KYC form.", ["234123412346", "298448863364", "2984 4886 3364"])
neg("My Aadhaar number is {} for the KYC form.", ["234123412347", "123412341234", "222222222222"])

group("pan", "national-id", "arthurdejong/python-stdnum tests/test_in_pan.doctest; validatorjs/validator.js test/validators/isTaxID.test.js (en-IN)")
pos("Vendor PAN: {}, please add it to the invoice.", [
    "AAKFD7113K", "AAPPV8261K", "ABMPA3211G", "ACUPA7085R", "AFZPK7190K", "AAAAA1111A", "BBBBB1111B",
    "CCCCC1111C", "FFFFF0001F", "ZZZFZ9999Z"])
neg("Vendor PAN: {}, please add it to the invoice.", ["DDDDD1111D", "ABCDE1234F", "AAAAA0000A", "ABCDEFGHIJ"])

group("dni", "national-id", "arthurdejong/python-stdnum tests/test_es_dni.doctest; validatorjs/validator.js test/validators/isIdentityCard.test.js (ES), isTaxID.test.js (es-ES)")
pos("Mi DNI es el {}, por favor.", ["11111111H", "99999999R", "12345678Z", "01234567L", "01234567l", "00054237A"])
# left out: '12345678-Z', '12345 678Z' (separators only); '54237A' (a 6-character DNI: disputed, zero-padding)
neg("Mi DNI es el {}, por favor.", ["11111111T", "12345678A", "123456789", "1234*678Z", "00054237U"])

group("nie", "national-id", "arthurdejong/python-stdnum tests/test_es_nie.doctest, stdnum/es/nie.py; validatorjs/validator.js test/validators/isIdentityCard.test.js (ES), isTaxID.test.js (es-ES)")
pos("Mi NIE es {}, lo necesito para el contrato.", [
    "X1111111G", "x-2482300w", "X1234567l", "x1234567l", "X1234567L", "Y1234567X", "Z1234567R", "Y2812345B"])
neg("Mi NIE es {}, lo necesito para el contrato.", [
    "X1111111A", "x-2482300a", "X2482300", "A1234567L", "X1234567A", "Y1234567B", "Z1234567C"])

group("codice-fiscale", "national-id", "arthurdejong/python-stdnum tests/test_it_codicefiscale.doctest; validatorjs/validator.js test/validators/isTaxID.test.js (it-IT)")
pos("Il mio codice fiscale è {}.", [
    "MRTNTN23M02D969P", "MRSMSR81D60Z611H", "FOXDRA26C24H872Y", "MAILCU91A25F839D", "RSSMRA45C12F205C",
    "RSSMRA45C12F20RX", "RSSMRA45C12F2L5N", "RSSMRA45C12F2LRI", "RSSMRAQRCMNFNLRG", "DMLPRY77D15H501F",
    "AXXFAXTTD41H501D"])
# left out: RCCMNL83S18D969H, CNTCHR83T41D969D (in corpus.jsonl); 'DMLPRY77D15H501FF' (contains a positive)
neg("Il mio codice fiscale è {}.", [
    "CSTNGL22I10D086I", "FOXDRA26C24H872A", "CNTCHR83T32D969H", "DMLPRY77D15H501", "AAPPRY77D15H501F",
    "DMLAXA77D15H501F", "AXXFAX90A01Z001F", "DMLPRY77B29H501F", "AXXFAX3TD41H501E"])

group("pesel", "national-id", "validatorjs/validator.js test/validators/isIdentityCard.test.js (PL), isTaxID.test.js (pl-PL)")
pos("Mój numer PESEL to {}.", [
    "99012229019", "09210215408", "20313034701", "86051575214", "02070803628", "02870803622", "02670803626", "01510813623", "02070800090", "02270800010",
    "02470800030", "02670800050", "02870800070"])
disputed("Mój numer PESEL to {}.", ["77334586883", "54007481320", "06566860643", "77552478861"], True,
         "validator.js isIdentityCard checks the checksum only; the birth month (33, 00, 56, 55) is impossible, so "
         "the official rule and validator.js' own isTaxID reject it")
# left out: '020708036285', '02 070-8036/28' (contain / are the positive 02070803628)
neg("Mój numer PESEL to {}.", [
    "12345678901", "99212229019", "09210215402", "20313534701", "86241579214", "02223013623", "02070800091",
    "02870800078"])

group("bsn", "national-id", "validatorjs/validator.js test/validators/isTaxID.test.js (nl-NL)")
pos("Mijn burgerservicenummer is {}.", ["174559434"])
# left out: '17 455-94/34' (separators only); stdnum's 111222333 / 111252333 are in corpus.jsonl
neg("Mijn burgerservicenummer is {}.", ["17455943", "1745594344"])

group("belgian-nn", "national-id", "validatorjs/validator.js test/validators/isTaxID.test.js (nl-BE, fr-BE)")
pos("Mijn rijksregisternummer is {}.", ["00012511119", "00012511148", "00/0125-11148", "00000011115"])
# left out: '000125111480' (contains a positive), '00 01 2511148' (separators only)
neg("Mijn rijksregisternummer is {}.", ["01022911148", "00013211148", "0001251114", "00012511149"])

group("ahv", "national-id", "arthurdejong/python-stdnum tests/test_ch_ssn.doctest")
neg("Meine AHV-Nummer ist {}.", ["54165168"])

group("us-passport", "national-id", "validatorjs/validator.js test/validators/isPassportNumber.test.js (US)")
pos("My US passport number is {}.", ["790369937", "340007237", "A90583942", "E00007734"])
neg("My US passport number is {}.", ["US0123456", "0123456US", "7903699371", "90583942", "E000077341"])

# ---------------- bank ----------------
group("aba", "bank-account", "validatorjs/validator.js test/validators/isAbaRouting.test.js")
pos("The routing number for the wire is {}.", ["322070381", "011103093", "263170175", "124303065"])
neg("The routing number for the wire is {}.", ["426317017", "789456124", "603558459", "12430306", "382070381"])

group("iban", "iban", "arthurdejong/python-stdnum tests/test_iban.doctest (IBAN registry samples); validatorjs/validator.js test/validators/isIBAN.test.js")
pos("Please wire the deposit to {} by Friday.", [
    "AD12 0001 2030 2003 5910 0100", "AE070331234567890123456", "AT61 1904 3002 3457 3201", "AZ21NABZ00000000137010001944",
    "BA39 1290 0794 0102 8494", "BG80 BNBG 9661 1020 3456 78", "BH67BMAG00001299123456", "BR1800000000141455123924100C2",
    "CY17 0020 0128 0000 0012 0052 7600", "CZ65 0800 0000 1920 0014 5399", "CZ9455000000001011038930",
    "DK50 0040 0440 1162 43", "DO28BAGR00000001212453611324", "EE38 2200 2210 2014 5685", "ES 58 0049 0290 3424 1352 8341",
    "ES10 0075 0080 11 0600658108", "ES15-0049-1806-9121-1186-9374", "ES72 2013-0692-81-0201150993", "ES86 30580157682720001384",
    "FI21 1234 5600 0007 85", "FO62 6460 0001 6316 34", "GE29 NB00 0000 0101 9049 17", "GI75 NWBK 0000 0000 7099 453",
    "GL89 6471 0001 0002 06", "GR16 0110 1250 0000 0001 2300 695", "GT82TRAJ01020000001210029690", "HR12 1001 0051 8630 0016 0",
    "HU42 1177 3016 1111 1018 0000 0000", "IE29 AIBK 9311 5212 3456 78", "IL62 0108 0000 0009 9999 999",
    "IS14 0159 2600 7654 5510 7303 39", "IT60 X054 2811 1010 0000 0123 456", "JO94CBJO0010000000000131000302",
    "KZ86125KZT5004100100", "LB62 0999 0000 0001 0019 0122 9114", "LI21 0881 0000 2324 013A A", "LT12 1000 0111 0100 1000",
    "LU28 0019 4006 4475 0000", "LV80 BANK 0000 4351 9500 1", "MC11 1273 9000 7000 1111 1000 h79", "MD24AG000225100013104168",
    "ME 25 5403 0000 2379 9201 09", "ME25 5050 0001 2345 6789 51", "MK072 5012 0000 0589 84", "MR13 0002 0001 0100 0012 3456 753",
    "MU17 BOMM 0101 1010 3030 0200 000M UR", "NO 02 15037577003", "NO 44 1850.05.14562", "NO07.8380.08.06006",
    "NO 21 650 405 251 19", "PK36SCBL0000001123456702", "PL61 1090 1014 0000 0712 1981 2874", "PS92PALS000000000400123456702",
    "PT50 0002 0123 1234 5678 9015 4", "RO49 AAAA 1B31 0075 9384 0000", "RS35 2600 0560 1001 6113 79",
    "SA03 8000 0000 6080 1016 7519", "SE45 5000 0000 0583 9825 7466", "SI56 1910 0000 0123 438",
    "SK31 1200 0000 1987 4263 7541", "SM86 U032 2509 8000 0000 0270 100", "TL 38 008 00123456789101 57",
    "TN59 1000 6035 1835 9847 8831", "TR33 0006 1005 1978 6457 8413 26", "VG96VPVG0000012345678901", "XK051212012345678906",
    "IR576406610070915600106898"])
# left out: the registry samples corpus.jsonl already has (AL47.., DE89.., GB29.., NL91.., CH93.., FR14.., BR97.., MT84..,
# QA58.., NO93..)
neg("Please wire the deposit to {} by Friday.", [
    "AL48212110090000000235698741", "AD1210012030200359100100", "AT611804300234573201", "BE68530907547034",
    "BA391290709401028494", "BG80BNBG99611020345678", "HR1210010052863000160", "CY17002001281000001200527600",
    "CZ6508000000129000145399", "CZ9455000000000101038930", "DK5000400440116342",
    "AD48 0001 2030 2003 5910 01", "AT93 1904 3002 3457 3201 99", "BE36 5390 0754 7034 1234", "BA30 1290 0794 0102 84",
    "BG93 BNBG 9661 1A20 3456 78", "GI22 NW3K 0000 0000 7099 453", "NL56 3003 0A17 1643 00", "QQ93 1234 5678",
    "ES2121000418450200051331", "ES89 3183 1500 9500 0121 0562", "IR545049154806779008008299", "IR5750491548067790080082"])

# ---------------- phone ----------------
group("phone", "phone", "validatorjs/validator.js test/validators/isMobilePhone.test.js (international-format numbers of 30 locales)")
pos("You can reach me on {} after six.", [
    "+4915123456789", "+33612457898", "+447861235675", "+34654789321", "+79676338855", "+61411222333", "+27821231234",
    "+852 9123 4567", "+6587654321", "+1(567) 362-8910", "+971502674453", "+201004513789", "+48512689767",
    "+48 56 376 87 47", "+5491143214321", "+254728590432", "+966556578654", "+359897123456", "+55 12 996551215",
    "+55 (11) 91431-4567", "+55 11 91431-4567", "+8613238234822", "+8617823492338", "+886987123456",
    "+81 90 1234 5678", "+8190-1234-5678", "+819012345678", "+82 10 1234 5678", "+39 310 7688449", "+32470123456",
    "+31612345678", "+40740 123 456", "+380501234567", "+46701234567", "+358 50 555 7171", "+60128228789",
    "+989123456789", "+66912345678", "+923001234567", "+573003321235", "+51912232764", "+593987654321",
    "+62812 9650 3508", "+36201234567", "+436761234567", "+37251234567", "+9779817385479", "+94766661206"])
neg("You can reach me on {} after six.", [
    "+3361245789", "+336124578980", "+4912345678910", "+35699000", "+97059", "+3212345",
    "+3112345", "+2972345", "+9745555123", "+2588692297541", "+6757012345"])
disputed("You can reach me on {} after six.", ["+49015123456789"], False,
         "validator.js rejects the stray national 0 after +49; libphonenumber reads it as the German mobile "
         "+49 1512 3456789, and people do write numbers that way")

# ---------------- email ----------------
group("email", "email", "validatorjs/validator.js test/validators/isEmail.test.js")
pos("Please send the signed contract to {} today.", [
    "foo@bar.com", "x@x.au", "foo@bar.com.au", "foo+bar@bar.com", "hans.m端ller@test.com", "hans@m端ller.com",
    "test|123@m端ller.com", "test123+ext@gmail.com", "some.name.midd.leNa.me.and.locality+extension@GoogleMail.com",
    "test@gmail.com", "test.1@gmail.com", "test@1337.com", "foobar@my_sarisari_store.typepad.com",
    "Some Name <foo@bar.com>"])
disputed("Please send the signed contract to {} today.",
         ["Deleted-user-id-19430-Team-5051deleted-user-id-19430-team-5051XXXXXX@example.com"], True,
         "example.com is on the shipped policy's allow_domains (documentation domains): allowed out by policy")
# left out: quoted local parts ('"foobar"@example.com' ...) and the display-name-only forms: rare in prose;
# invalid ones that contain a valid address as a substring ('foo@bar.com.', 'username@domain.com©', 'nbsp test@test.com')
neg("Please send the signed contract to {} today.", [
    "invalidemail@", "invalid.com", "@invalid.com", "foo@_bar.com", "z@co.c", "gmail...ignores...dots...@gmail.com"])
# left out: 'multiple..dots@stillinvalid.com' (contains the valid dots@stillinvalid.com)

# ---------------- crypto wallets ----------------
group("btc", "crypto-wallet", "bitcoin/bips bip-0350.mediawiki (segwit address test vectors); validatorjs/validator.js test/validators/isBtcAddress.test.js")
pos("Send the payout to {} please.", [
    "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
    "BC1SW50QGDZ25J", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
    "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
    "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    "1MUz4VMYui5qY1mxUiG8BQ1Luv6tqkvaiL", "mucFNhKMYoBQYUAEsrFVscQ1YaFQPekBpg", "2NFUBBRcTJbYc1D4HSCbJhKZp6YCV4PQFpQ",
    "35bSzXvRKLpHsHMrzb82f617cV4Srnt7hS",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "tb1qxhkl607frtvjsy9nlyeg03lf6fsq947pl2pe82",
    "tb1pzpelffrdh9ptpaqnurwx30dlewqv57rcxfeetp86hsssk30p4cws38tr9y"])
disputed("Send the payout to {} please.", ["14qViLJfdGaP4EeHnDyJbEGQysnCpwk3gd", "17VZNX1SN5NtKa8UQFxwQbFeFc3iqRYhemt"],
         True, "validator.js checks the shape only; the base58check checksum of this value is invalid")
# left out (disputed): validator.js rejects all-uppercase bech32 ('BC1QW508...', 'BC1P5D7...', 'TB1PZPEL...'), BIP-173/350
# allow it: the BIP wins, so they are positives above / not used as negatives
neg("Send the payout to {} please.", [
    "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
    "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
    "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
    "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
    "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
    "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "bc1pw5dgrnzv",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", "bc1gmk9yu",
    "3J98t1WpEZ73CNmQviecrnyiWrnqh0WNL0", "3J98t1WpEZ73CNmQviecrnyiWrnqh0WNLo", "4J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
    "17VZNX1SN5NlKa8UQFxwQbFeFc3iqRYhem", "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3291",
    "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg329b"])

group("eth", "crypto-wallet", "ethereum/EIPs EIPS/eip-55.md (test cases); validatorjs/validator.js test/validators/isEthereumAddress.test.js")
pos("Send the payout to {} please.", [
    "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0x683E07492fBDfDA84457C16546ac3f433BFaa128",
    "0x88dA6B6a8D3590e88E0FcadD5CEC56A7C9478319", "0x8a718a84ee7B1621E63E680371e0C03C417cCaF6",
    "0xFCb5AFB808b5679b4911230Aa41FfCD0cd335b42"])
# left out: the other EIP-55 vectors (in corpus.jsonl); '0x0000000000000000000000000000000000000001' (a placeholder)
neg("Send the payout to {} please.", [
    "0xGHIJK05pwm37asdf5555QWERZCXV2345AoEuIdHt", "0xFCb5AFB808b5679b4911230Aa41FfCD0cd33",
    "0b0110100001100101011011000110110001101111", "683E07492fBDfDA84457C16546ac3f433BFaa128"])
# left out: '0xFCb5AFB808b5679b4911230Aa41FfCD0cd335b422222' (contains a positive)

# ---------------- network addresses (internal by default: routed out by design; counted by detection) ----------------
group("ip", "network-address", "validatorjs/validator.js test/validators/isIP.test.js")
pos("The firewall log shows {} hitting the API.", [
    "255.255.255.255", "1.2.3.4", "2001:db8:0000:1:1:1:1:1", "2001:db8:3:4::192.0.2.33",
    "2001:41d0:2:a141::1", "::ffff:127.0.0.1", "1111:1:1:1:1:1:1:1", "fe80::a6db:30ff:fe98:e946",
    "1:2:3:4:5:6::8", "1::7:8", "fe80::7:8%eth0", "64:ff9b::192.0.2.33", "0:0:0:0:0:ffff:127.0.0.1"])
neg("The firewall log shows {} hitting the API.", [
    "256.0.0.0", "26.0.0.256", "::banana", "banana::", "11111:1:1:1:1:1:1:1"])
group("mac", "network-address", "validatorjs/validator.js test/validators/isMACAddress.test.js")
pos("The DHCP lease is for {} on port 7.", [
    "ab:ab:ab:ab:ab:ab", "01:02:03:04:05:ab", "01:AB:03:04:05:06", "A9 C5 D4 9F EB D3", "01-02-03-04-05-ab",
    "0102.0304.05ab"])
neg("The DHCP lease is for {} on port 7.", [
    "01:02:03:04:05", "01:02:03:04:05:z0", "1:2:3:4:5:6", "AB:CD:EF:GH:01:02", "900f/dffs/sdea"])
# left out: '01:02:03:04::ab' (not a MAC, but a valid IPv6 address)

# ---------------- secrets ----------------
group("secret", "secret", "praetorian-inc/noseyparker crates/noseyparker/data/default/builtin/rules/{slack,gitlab,github,npm,anthropic,mongo,postgres,generic}.yml (examples)")
pos("Why does this fail?\n{}", [
    "SLACK_API_TOKEN=xoxb-893582989554-899326518131-JRHeVv1o9Cf99fwDpuortR2D",
    "REM SET SLACK_TOKEN=xoxb-31446298938-537092655923-AeFmqVRV5nS3q028kmmHUFm3",
    "data = {'token':'xoxb-262541194339-1293084920079-Z21cXgXdDdZDABIcrdG3D9OF','channel':'C017XD909UJ','ts':message[x],'pretty':'1'}",
    "python log_announce.py xoxp-513768634356-513201028496-513937500594-185e196ace562dd6443b5d29b1d817c2 \"This is a test run. Ignore\"",
    "curl -X POST -H \"Content-type: application/json\" -H \"Authorization: Bearer xoxp-283316862324-298911817009-298923149681-44f585044dace54f5701618e97cd1c0b\" --data @data.json https://wirecard-issuing.slack.com/api/chat.postMessage",
    "ENV SLACK_TOKEN=\"xapp-083452001657-ShAYwge/87H4lC3j7lZ48pAL\" \\",
    "this is the api token to connect to the bot user\n\nxoxb-153445930147-Tjy11gGxUW6Cf99YOYwtzG0K",
    "def send_slack_notification(message):\n    token = \"xoxb-47834520726-N3otsrwj8Cf99cs8GhiRZsX1\"",
    "#notifications_marcus: https://hooks.slack.com/services/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",
    "--registration-token \"GR1348941_iAgdMy7a3NhZaa5oNoH\" \\",
    "--build-arg 'GO_REPO_TOKEN=glpat-tFrjFXD7soVU2fqxuDMh' \\",
    "-F token=glptt-0d66598d696a02da33fb65e2a041f607c68ea50d \\",
    "GITHUB_KEY=ghp_XIxB7KMNdAr3zqWtQqhE94qglHqOzn1D1stg",
    "let g:gh_token='ghp_4U3LSowpDx8XvYE7A8GH56oxU5aWnY2mzIbV'",
    "    oauth_token: gho_fq75OMU7UVbS9pTZmoCCzJT6TM5d1w099FgG",
    "            \"token\": \"ghu_16C7e42F292c69C2E7C10c838347Ae178B4a\",",
    "git clone http://ghs_RguXIkihJjwHAP6eXEYxaPNvywurTr5IOAbg@github.com/username/repo.git",
    "    \"refresh_token\": \"ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c3CE1ccbF66C46812d16D5B1A9Dc86A1498\",",
    "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",
    "GITHUB_CLIENT_ID=ac58d6da7d7a84c039b7\nGITHUB_SECRET=37d02377a3e9d849e18704c3ec883f9c5787d857",
    "npm_TCllNwh2WLQlMWVhybM1iQrsTj6rMQ0BOh6d",
    "sk-ant-api03-jSq6OMjv1syXaEUE0bvOckLe_GtCKy8lvZdko3eOJgV8TH-f2iyzRekyZNSby5d9ScikGYuqQhsrxML3X3N3rQ-XwQaQAAA",
    "sk-ant-api03-f-SD8UXTHZuL3dhlRLMzMh7sxOopjFG510MC0B6g5Whzu2gM6gYJrQUduYWWQkG8XvkjeVj-MfYvtzMBF7NXSg-W34tmAAA",
    "uri: \"mongodb+srv://servicelogin:CPCdZH5k0F6dxQ9V@example-prince.mongodb.net/?retryWrites=true&w=majority\"",
    "mongodb://myDatabaseUser:D1fficult@localhost",
    "mongodb://myDatabaseUser:D1fficultP%40ssw0rd@mongodb0.example.com:27017,mongodb1.example.com:27017,mongodb2.example.com:27017/?authSource=admin&replicaSet=myRepl",
    "uri: 'mongodb+srv://somethingrotten:Zxcvbnm@12345)@cluster0-cnc84.mongodb.net/e-commerce?retryWrites=true',",
    "\"REDSHIFT\": \"postgres://spot_app:Pseg2020@calling-mr-bones.c0qsadyxbf4k.us-east-1.redshift.amazonaws.com:5439/datalakespotprod\",",
    "postgresql://user:secret@localhost/otherdb?connect_timeout=10&application_name=myapp",
    "postgresql://user:secret@[2001:db8::1234]/database",
    "    private static String CLIENT_SECRET = \"6fb1cff7690db9ac066cadbbde8e3c078efdabcf\";",
    "API_KEY = \"951bc382db9abad29c68634761dd6e19\"",
    "hostname = '10.11.12.13'\nusername = 'donjuandemarco@example.com'\npassword = '`123QWERasdf'",
    "user = 'abuser'  # some comment\npassword = 'abuser123456'  # some other comment",
    "user = Aladdin\npassword = open_sesame",
    "    \"AdminPassword\" : \"thisismypassword\"",
    "private const string DevFolkoosComPfxPassword = \"thisismypassword\";",
    "common.then_log_in({username: 'geronimo', password: '52VeZqtHDCdAr5yM'});",
    "sender.Credentials = new NetworkCredential(\"NuGets@example.com\", \"vzihlaquknriqlht\");",
    "<add key=\"FromEmailPassword\" value=\"Prestigitariu$\"/>",
    "<add key=\"ConnectionString_B2B\" value=\"Server=awsbman-t,1433;Database=B2B;User ID=b2buser;Password=#gets0m3;Trusted_Connection=False\" />",
    "echo \"The password is 'Secret123'\"",
    "2. Ensure the password for user 'postgres' is 'admin' or change .env file."])
# left out: 'export SLACK_TOKEN="xoxb-0000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx"' (a placeholder)
group("secret", "secret", "trufflesecurity/trufflehog pkg/detectors/{sendgrid,mailgun,gitlab/v3}/*_test.go (pattern tests)")
pos("Why does this fail?\n{}", [
    "sendgrid token = 'SG.ZV-VYwtHzJJW4wF8yPQk3.ZXg9c9DZuOgUcW1f2inP6SqfEsYG82zAe0wG7brZZ5OvruV-I'",
    "mailgun 'gRtZTX7RaarK8pXdNcUBDcgvmIP6qiX5QCjxGlABBFJwHO3531XAFxCzlaSZS6KNkBQH7Lmk'",
    "mailgun pass '55c3a879d7efe24929506f368dcff6d4-5eeb6406-757a4247'",
    "mailgun key-dirirygl04i92ww1uuvz9owuc9sb0fpm",
    "\"gitlab_secret\": \"glpat-3fZ1p5y4XWcCvMGVlfakeW86MQp1Oml3Ymg0Cw.01.1203afake\""])
neg("Why does this fail?\n{}", [
    "mailgun '=RtZTX7RaarK8pXdNcUBDcgvmIP6qi-5QCjxGlABBFJwHO353-1AFxCzlaSZS6KNkBQH7Lmk'"])
group("secret", "secret", "praetorian-inc/noseyparker crates/noseyparker/data/default/builtin/rules/generic.yml (negative examples that hold no secret)")
neg("Why does this fail?\n{}", [
    "password = \"123\"",
    "\"password\": \"$super$ecret\",",
    "sb.append(\"MasterUserPassword: \" + getMasterUserPassword() + \",\");",
    "export PGPASSWORD=\"$gdcapi_db_password\"",
    "define wget::authfetch($source,$destination,$user,$password=\"\",$timeout=\"0\",$verbose=false) {",
    "- echo 'export DATABASE_PASSWORD=\"'$PRECOMPILE_PASSWORD'\"' >> .env",
    "\"/en/enterprise/3.0/authentication/keeping-your-account-and-data-secure/creating-a-strong-password\":\"/en/enterprise-server@3.0/auth\"",
    "\"password\": \"&lt;YOURPASSWROD&gt;\"",
    "IAMUserChangePassword = \"arn:aws:iam::aws:policy/IAMUserChangePassword\"",
    "this.addPassword = \"#add-password\";",
    "echo 'password = '.$p['config']['daemon_password'].\"\\n\";",
    "usernameLabel:\"Username or email:\",passwordLabel:\"Password:\",rememberMeLabel:\"Remember me:\"",
    "name=\"ws_plugin__s2member_amazon_s3_comp_files_access_key\" id=\"ws-plugin--s2member-amazon-s3-comp-files-access-key\"",
    "USERNAME=donjuan\nPASSWORD=$($(dirname $0)/../bin/get-django-setting LOCAL_DATABASE_PASSWORD)"])
group("secret", "secret", "validatorjs/validator.js test/validators/isJWT.test.js")
pos("Why does this fail?\n{}", [
    "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJsb2dnZWRJbkFzIjoiYWRtaW4iLCJpYXQiOjE0MjI3Nzk2Mzh9.gzSraSYS8EXBxLN_oWnFSRgCzcmJmMjLiuyu5CSpyHI",
    "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJsb3JlbSI6Imlwc3VtIn0.ymiJSsMJXR6tMSr8G9usjQ15_8hKPDv_CArLhxw28MI",
    "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJkb2xvciI6InNpdCIsImFtZXQiOlsibG9yZW0iLCJpcHN1bSJdfQ.rRpe04zbWbbJjwM43VnHzAboDzszJtGrNsUxaqQ-GQ8"])
neg("Why does this fail?\n{}", ["$Zs.ewu.su84", "ks64$S/9.dy$§kz.3sd73b"])

# ================= batch 2: added after the batch-1 fixes, measured before any change for it =================
group("secret", "secret", "gitleaks/gitleaks cmd/generate/config/rules/curl.go (curl-auth-user, curl-auth-header TPs/FPs)")
pos("Can you explain this command?\n{}", [
    "curl --cacert ca.crt -u elastic:P@ssw0rd$1 https://localhost:9200",
    "sh-5.0$ curl -k -X POST https://infinispan:11222/rest/v2/caches/default/hello \\\n  -H 'Content-type: text/plain' \\\n  -d 'world' \\\n  -u developer:yqDVtkqPECriaLRi",
    "curl -u \":d2LkV78zLx!t\" https://localhost:9200",
    "curl -u \"d2LkV78zLx!t:\" https://localhost:9200",
    "curl -sw '%{http_code}' -X POST --user  'johns:h0pk1ns~21s' $GItHUB_API_URL/$GIT_COMMIT --data",
    "curl --user roger23@gmail.com:pQ9wTxu4Fg https://www.dropbox.com/cli_link?host_id=abcdefg -v",
    "curl -s --user 'api:d2LkV78zLx!t' \\\n    https://api.mailgun.net/v2/sandbox91d3515882ecfaa1c65be642.mailgun.org/messages",
    "curl -s -v --user \"j.smith:dB2yF6@qL9vZm1P#4J\" \"https://api.contoso.org/user/me\"",
    "curl -X POST --user \"{acd3c08b-74e8-4f44-a2d0-80694le24f46}\":\"{ZqL5kVrX1n8tA2}\" --header \"Accept: application/json\" --data \"{\\\"text\\\":\\\"Hello, world\\\",\\\"source\\\":\\\"en\\\",\\\"target\\\":\\\"es\\\"}\" https://gateway.watsonplatform.net/language-translator/api",
    "curl --user kevin:'pRf7vG2h1L8nQkW9' -iX PATCH -H \"Content-Type: application/json\" -d",
    "$ curl https://api.dropbox.com/oauth2/token \\\n  --user c28wlsosanujy2z:qgsnai0xokrw4j1 --data grant_type=authorization_code",
    "curl --header  'Authorization:  5eb4223e-5008-46e5-be67-c7b8f2732305'",
    "curl -H 'Authorization: Basic YnJvd3Nlcjo=' \\",
    "curl -k -X POST --header \"Authorization: Basic djJlNEpYa0NJUHZ5a2FWT0VRXzRqZmZUdDkwYTp2emNBZGFzZWpmlWZiUDc2VUJjNDNNVDExclVh\" \"https://api-qa.example.com:8243/token\" -d \"grant_type=client_credentials\"",
    "#curl -X POST \\\n#  https://api.mailgun.net/v3/sandbox7dbcabccd4314c123e8b23599d35f5b6.mailgun.org/messages \\\n#  -H 'Authorization: Basic YXBpOmtleS1hN2MzNDJ3MzNhNWQxLTU2M2U3MjlwLTZhYjI3YzYzNzM0Ng==' \\\n#  -F from='Excited User <mailgun@sandbox7dbc123bccd4314c0aae8b23599d35f5b6.mailgun.org>' \\\n#  -F to='joe@example.com' \\\n#  -F subject='Hello' \\\n#  -F text='Testing some Mailgun awesomness!'",
    "# curl -X GET \"http://localhost:3000/api/cron/status\" -H \"Authorization: Bearer cfcabd11c7ed9a41b1a3e063c32d5114\"",
    "curl https://api.openai.com/v1/chat/completions \\\n  -H \"Content-Type: application/json\" \\\n  -H \"Authorization: Bearer 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\" \\",
    "curl -X GET \"https://api.cloudflare.com/client/v4/user/tokens/verify\" \\\n     -H \"Authorization: Bearer _FXNljbSRYMWx3TWrd7lgKhLtVZX6iskC8Wcbb4b\" \\\n     -H \"Content-Type:application/json\"",
    "curl -H \"Authorization: Bearer sha256~bRLFnzd59Z3XpZH5_seJPHALOuvbWiKwbFKSsoALkgp\"",
    "curl -H \"Authorization: Api-Token 22cb987851bc5659l29114c62e60c79abd0d2c08\" --request PUT https://appsecclass.report/api/use/635",
    "curl -H \"Authorization: Token 22cb987851bc5659229114c62e60c79abd0d2c08\" --request PUT https://appsecclass.report/api/use/635",
    "curl -L -H \"Authorization:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjb25maWRlbmNlIjowLjh9.kvRPfjAhLhtRTczoRgctVGp7KY1QVH3UBZM-gM0x8ec\" service1.local -> correct jwt ",
    "curl -L -H \"Authorization: sha256~bRLFnzd5@=-.a+/hgdS\"",
    "curl -X GET \\\n     -H \"apikey: c4ed6c21-9dd5-4a05-8e3f-c56d1151cce8\" \\\n     -H \"Accept: application/json\" \\",
    "curl -X POST --header \"Api-Token: Sk94HG7f6KB\"",
    "curl -XPOST http://localhost:8080/api/tasks -H \"Content-Type: application/x-www-form-urlencoded; charset=UTF-8\" -H \"Token: 3fea6af1349166ea\" -d \"content=hello-curl\"",
    "curl -X GET https://octopus.corp.net/\n     -H \"X-Octopus-ApiKey: 3a16750d-d363-41a4-8ebd-035408f7730f\" \\"])
# left out: the TP whose body holds test@example.com (fine either way), and the FPs that hold an email address or an
# IP address (another detector rightly fires: '--mail-from "src@gmail.com" ...', '.../dev/udp/127.0.0.1/41234')
neg("Can you explain this command?\n{}", [
    "curl -i -u 'test:test'",
    "   curl -sL --user \"$1:$2\" \"$3\" > \"$4\"",
    "curl -u <user:password> https://test.com/endpoint",
    "curl --user neo4j:[PASSWORD] http://[IP]:7474/db/data/",
    "curl -u \"myusername\" http://localhost:15130/api/check_user/",
    "curl -u username:token",
    "curl -u \"${_username}:${_password}\"",
    "curl -u \"${username}\":\"${password}\"",
    "curl -k -X POST -I -u \"SRVC_JENKINS:${APPID}\"",
    "curl -u \":\" https://localhost:9200",
    "curl -sw '%{http_code}' -X POST --user '$USERNAME:$PASSWORD' $GItHUB_API_URL/$GIT_COMMIT --data",
    "curl --user \"xxx:yyy\"",
    "           curl -sL --user \"$GITHUB_USERNAME:$GITHUB_PASSWORD\" \"$GITHUB_URL\" > \"$TESTS_PATH\"",
    "curl --silent --fail {{- if and $.Values.username $.Values.password }} --user \"{{ $.Values.username }}:{{ $.Values.password }}\"",
    "curl -XGET -i -u \"${{ env.ELK_ID }}:${{ build.env.ELK_PASS }}\"",
    "curl -XGET -i -u \"${{needs.vault.outputs.account_id}}:${{needs.vault.outputs.account_password}}\"",
    "curl -XGET -i -u \"${{ steps.vault.outputs.account_id }}:${{ steps.vault.outputs.account_password }}\"",
    "curl -X POST --user \"$(cat ./login.txt):$(cat ./password.txt)\"",
    "curl http://127.0.0.1:5000/file --user user:pass --digest        # digest auth",
    "   curl -X GET --insecure --user \"username:password\" \\",
    "curl --silent --insecure --user ${f5user}:${f5pass} \\",
    "curl https://example.com/micropub -d h=entry -d \"content=Hello World\" -H \"Authorization: Bearer XXXXXXXXXXXX\"",
    "curl -X POST https://accounts.spotify.com/api/token -d grant_type=client_credentials --header \"Authorization: Basic ...\"",
    "curl \\\n  -H \"Authorization: Bearer <Openverse API token>\" \\\n  \"https://api.openverse.org/v1/audio/?q=test\"",
    "curl -v -v -v -X POST https://domain/api/v1/authentication/sso/login-url/ \\\n  -H 'Content-Type: application/json' \\\n  -H \"Authorization: Token **********\" \\\n  -d '{\"username\": \"test\", \"next\": \"/luna/\"}'",
    "curl -XPOST http://localhost:8080/api/token -H \"Authorization: basic {base64(email:password[\\n])}\" => token",
    "curl -X GET \\\n     -H \"apikey: $API_KEY\" \\\n     -H \"Accept: $FORMAT\" \\\n\"$API_URL/rest/v1/stats_derniere_labellisation\"",
    "$ curl -X POST \"http://localhost:8000/v1/chat/completions\" \\\n    -H \"Content-Type: application/json\" \\\n    -H \"Authorization: Bearer $API_KEY\" \\\n    -d '{\n        \"model\": \"chatglm3-6b-32k\",\n        \"messages\": [{\"role\": \"system\", \"content\": \"You are a helpful assistant.\"}, {\"role\": \"user\", \"content\": \"Hello!\"}]\n    }'",
    "curl -X GET -H \"Content-Type: application/json\" -H \"Authorization: Bearer $(gcloud auth print-access-token)\" https://workflowexecutions.googleapis.com/v1/projects/244283331594/locations/us-central1/workflows/sample-workflow/executions/43c925aa-514a-44c1-a0a4-a9f8f26fd2cb/callbacks/1705791f-d446-4e92-a6d0-a13622422e80_31864a51-8c13-4b03-ad4d-945cdc8d0631"])
disputed("Can you explain this command?\n{}", [
    "curl -X POST -H \"Content-Type: application/json\" -H \"Authorization: Basic eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjb25maWRlbmNlIjowLjh9.kvRPfjAhLhtRTczoRgctVGp7KY1QVH3UBZM-gM0x8ec\" \\"],
    False, "gitleaks rejects it as Basic auth (not base64 user:pass), but the value is a well-formed JWT")
group("secret", "secret", "gitleaks/gitleaks cmd/generate/config/rules/jwt.go, generic.go (literal TPs/FPs)")
pos("Why does this fail?\n{}", [
    "JWT := eyJhbGciOieeeiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwic3ViZSI6IjEyMzQ1Njc4OTAiLCJuYW1lZWEiOiJKb2huIERvZSIsInN1ZmV3YWZiIjoiMTIzNDU2Nzg5MCIsIm5hbWVmZWF3ZnciOiJKb2huIERvZSIsIm5hbWVhZmV3ZmEiOiJKb2huIERvZSIsInN1ZndhZndlYWIiOiIxMjM0NTY3ODkwIiwibmFtZWZ3YWYiOiJKb2huIERvZSIsInN1YmZ3YWYiOiIxMjM0NTY3ODkwIiwibmFtZndhZSI6IkpvaG4gRG9lIiwiaWZ3YWZhYXQiOjE1MTYyMzkwMjJ9.a_5icKBDo-8EjUlrfvz2k2k-FYaindQ0DEYNrlsnRG0",
    "\"client_secret\" : \"6da89121079f83b2eb6acccf8219ea982c3d79bccc3e9c6a85856480661f8fde\","])
# left out: generic.go's client_id (an identifier) and its go.sum hashes (the rule's own comment: not secrets)
neg("Why does this fail?\n{}", [
    "client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.client-vpn-endpoint.id",
    "password combination.\n\nR5: Regulatory--21"])

seen = {}
for c in cases:
    k = c["entity"] + ("-" if c["sensitive"] else "-neg-")
    seen[k] = seen.get(k, 0) + 1
    c["id"] = k + str(seen[k])
    print(json.dumps({"id": c["id"], **{x: c[x] for x in ("entity", "sensitive", "detector", "text", "source",
                                                             "disputed") if x in c}}, ensure_ascii=False))
import sys
npos = sum(1 for c in cases if c["sensitive"])
print(f"# {len(cases)} cases, {npos} sensitive, {len(cases) - npos} negative", file=sys.stderr)
