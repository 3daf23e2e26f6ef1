// Passwords of 8+ characters that top every leaked-password frequency list (shorter ones are
// refused by length anyway). Compared lower-cased. Not exhaustive: it stops the guesses an attacker
// tries first, which is what NIST SP 800-63B asks of a blocklist, without composition rules.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword pa$$word
12345678 123456789 1234567890 0123456789 12341234 11111111 00000000 88888888 87654321 11223344
123123123 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qazxsw2 zaq12wsx qwertyui qwertyuiop qwerty123 qwerty12
qwerty1234 asdfghjk asdfghjkl asdf1234 zxcvbnm1 zxcvbnmm iloveyou iloveyou1 iloveyou2 princess1
sunshine sunshine1 football football1 baseball baseball1 basketball superman superman1 batman123
starwars trustno1 whatever letmein1 letmein123 welcome1 welcome123 welcome12 computer internet
michelle jennifer jonathan alexander elizabeth christian samantha jordan23 mustang1 mercedes
corvette charlie1 dragon12 dragon123 monkey12 monkey123 master12 master123 shadow12 access14
changeme changeme1 default1 administrator admin123 admin1234 administrator1 root1234 test1234
testtest testing1 testing123 secret12 secret123 abcd1234 abc12345 abcdefgh abcdefg1 aaaaaaaa
qqqqqqqq asdasdasd 147258369 159753456 789456123 741852963 963852741 a1b2c3d4 blink182 chocolate
butterfly cocacola pokemon1 liverpool arsenal1 chelsea1 barcelona manchester jessica1 michael1
ashley12 daniel12 nicole12 hello123 hello1234 freedom1 ginger12 lovely12 loveme12 flower12
qazwsxedc q1w2e3r4 q1w2e3r4t5 1234qwer qwer1234 passport pass1234 password! password01 summer2024
winter2024 spring2024 autumn2024 summer2025 winter2025 spring2025 summer2026 winter2026 spring2026`.split(/\s+/),
);
