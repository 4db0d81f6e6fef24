//! Hangul for search: initial consonants (초성) so that `ㄱㅁㅅ` finds 김민수; and the particle
//! (조사) a word takes, so a message built around a name reads 뮤즈클리닉은, 하은환이.

const INITIALS: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];

/// The initial consonant of a precomposed Hangul syllable (가-힣).
pub fn initial_of(c: char) -> Option<char> {
    let code = c as u32;
    if (0xAC00..=0xD7A3).contains(&code) {
        INITIALS.get(((code - 0xAC00) / 588) as usize).copied()
    } else {
        None
    }
}

/// `김민수` -> `ㄱㅁㅅ`. Other letters are kept (lower-cased), spaces dropped.
pub fn initials(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| initial_of(c).unwrap_or(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The particle that follows `word`, given in its after-a-consonant form (`은`, `이`, `을`, `과`,
/// `으로`, `이에요`): `뮤즈클리닉` + `은` = `은`, `병원` + `은` = `은`, `하은환` + `이` = `이`,
/// `의원` + `을` = `을`, `클리닉` + `과` = `과`, `서울` + `으로` = `로` (ㄹ takes 로). When the last
/// letter is not a Hangul syllable (a Latin name, a digit) both are given, as in `은(는)`.
pub fn particle(word: &str, after_consonant: &str) -> String {
    let pair = match after_consonant {
        "은" | "는" => ("은", "는"),
        "이" | "가" => ("이", "가"),
        "을" | "를" => ("을", "를"),
        "과" | "와" => ("과", "와"),
        "으로" | "로" => ("으로", "로"),
        "이에요" | "예요" => ("이에요", "예요"),
        other => return other.to_string(),
    };
    let last = word
        .trim_end()
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .last();
    match last.map(|c| c as u32) {
        Some(code @ 0xAC00..=0xD7A3) => {
            let final_consonant = (code - 0xAC00) % 28;
            // 8 is ㄹ: it takes 로, not 으로.
            if final_consonant == 0 || (pair.0 == "으로" && final_consonant == 8) {
                pair.1.to_string()
            } else {
                pair.0.to_string()
            }
        }
        _ => format!("{}({})", pair.0, pair.1),
    }
}

/// Whether `text` is made only of compatibility jamo consonants (what someone types to search
/// by initials), e.g. `ㄱㅁㅅ`.
pub fn is_initials_query(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| INITIALS.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_takes_the_particle_its_last_letter_calls_for() {
        assert_eq!(particle("뮤즈클리닉", "은"), "은");
        assert_eq!(particle("뮤즈의원", "은"), "은");
        assert_eq!(particle("하나병원", "는"), "은");
        assert_eq!(particle("서울치과", "은"), "는");
        assert_eq!(particle("하은환", "이"), "이");
        assert_eq!(particle("김민지", "이"), "가");
        assert_eq!(particle("클리닉", "과"), "과");
        assert_eq!(particle("서울", "으로"), "로");
        assert_eq!(particle("부산", "으로"), "으로");
        assert_eq!(particle("Muse Clinic", "은"), "은(는)");
        assert_eq!(particle("2층", "이"), "이");
        assert_eq!(particle("(주)메먼트 ", "은"), "는");
    }

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("김민수"), "ㄱㅁㅅ");
        assert_eq!(initials("남궁 민"), "ㄴㄱㅁ");
        assert_eq!(initials("쌍둥이"), "ㅆㄷㅇ");
        assert_eq!(initials("Kim 민수"), "kimㅁㅅ");
        assert!(is_initials_query("ㄱㅁㅅ"));
        assert!(!is_initials_query("김ㅁ"));
        assert!(!is_initials_query(""));
    }

    #[test]
    fn every_syllable_has_an_initial() {
        for code in 0xAC00..=0xD7A3u32 {
            let c = char::from_u32(code).unwrap();
            assert!(initial_of(c).is_some(), "{c}");
        }
        assert_eq!(initial_of('힣'), Some('ㅎ'));
        assert_eq!(initial_of('a'), None);
    }
}
