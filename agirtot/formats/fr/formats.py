# Québec conventions: « 28 novembre 2026 », « 3 000 », decimal comma.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H\xa0\\h\xa0i"
SHORT_DATE_FORMAT = "Y-m-d"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
