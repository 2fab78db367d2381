/* test-values.c — value logic of the model: requisites, phones, e-mail,
 * search normalisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "crm-email.h"
#include "crm-employee.h"
#include "crm-money.h"
#include "crm-phone.h"
#include "crm-record-type.h"
#include "crm-requisites.h"
#include "crm-search.h"

/* ------------------------------------------------------------------ */
/* INN                                                                  */

static void
test_inn_valid (void)
{
  const char *valid[] = {
    "7707083893",   /* ПАО Сбербанк */
    "7736050003",   /* ПАО Газпром */
    "7736207543",   /* ООО Яндекс */
    "7702070139",   /* Банк ВТБ */
    "500100732259", /* a person's INN, the tax service's example */
    " 7707083893 ",
    "\t500100732259\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("INN “%s”", valid[i]);
      g_assert_true (crm_inn_check (valid[i], &error));
      g_assert_no_error (error);
    }

  /* A NULL error is allowed. */
  g_assert_true (crm_inn_check ("7707083893", NULL));
  g_assert_false (crm_inn_check ("7707083894", NULL));
}

static void
test_inn_invalid (void)
{
  const struct
  {
    const char *inn;
    const char *message;
  } cases[] = {
    { "7707083894", "The INN checksum does not match" },
    { "7707083839", "The INN checksum does not match" },
    { "500100732258", "The INN checksum does not match" },
    { "500100732249", "The INN checksum does not match" },
    { "770708389", "The INN must have 10 or 12 digits" },
    { "77070838931", "The INN must have 10 or 12 digits" },
    { "7707083893123", "The INN must have 10 or 12 digits" },
    { "1", "The INN must have 10 or 12 digits" },
    { "77O7083893", "The INN must contain only digits" },
    { "ИНН7707083893", "The INN must contain only digits" },
    { "7707 083893", "The INN must contain only digits" },
    { "-7707083893", "The INN must contain only digits" },
    { "7707083893.", "The INN must contain only digits" },
    { "", "The INN is empty" },
    { "   ", "The INN is empty" },
    { "0000000000", "The INN cannot be all zeros" },
    { "000000000000", "The INN cannot be all zeros" },
    { "\xff\xfe", "The INN must contain only digits" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("INN “%s”", cases[i].inn);
      g_assert_false (crm_inn_check (cases[i].inn, &error));
      g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_inn_complete (void)
{
  g_autofree char *sber = crm_inn_complete ("770708389");
  g_autofree char *person = crm_inn_complete ("5001007322");

  g_assert_cmpstr (sber, ==, "7707083893");
  g_assert_cmpstr (person, ==, "500100732259");

  g_assert_null (crm_inn_complete (""));
  g_assert_null (crm_inn_complete ("77070838"));
  g_assert_null (crm_inn_complete ("77070838931"));
  g_assert_null (crm_inn_complete ("77070838a"));

  /* Every completed prefix passes the check, and changing any one of its
   * check digits makes it fail. */
  for (guint i = 0; i < 2000; i++)
    {
      guint            len = (i % 2) ? 10 : 9;
      char             prefix[11];
      g_autofree char *inn = NULL;

      prefix[0] = (char) ('1' + g_test_rand_int_range (0, 9));
      for (guint j = 1; j < len; j++)
        prefix[j] = (char) ('0' + g_test_rand_int_range (0, 10));
      prefix[len] = '\0';

      inn = crm_inn_complete (prefix);
      g_assert_nonnull (inn);
      g_assert_cmpuint (strlen (inn), ==, len == 9 ? 10 : 12);
      g_assert_true (g_str_has_prefix (inn, prefix));
      g_assert_true (crm_inn_check (inn, NULL));

      for (gsize pos = len; pos < strlen (inn); pos++)
        {
          char saved = inn[pos];

          inn[pos] = (char) ('0' + (saved - '0' + 1 + g_test_rand_int_range (0, 9)) % 10);
          g_assert_cmpint (inn[pos], !=, saved);
          g_assert_false (crm_inn_check (inn, NULL));
          inn[pos] = saved;
        }
    }
}

/* ------------------------------------------------------------------ */
/* KPP                                                                  */

static void
test_kpp (void)
{
  const char *valid[] = {
    "773601001", /* ПАО Газпром */
    "770701001",
    "7736AB001",
    "7736ab001",
    "5001ZZ001",
    "500143001",
    " 773601001\t",
  };
  const struct
  {
    const char *kpp;
    const char *message;
  } invalid[] = {
    { "77360100", "The KPP must have 9 characters" },
    { "7736010011", "The KPP must have 9 characters" },
    { "7736 01001", "The KPP must have 9 characters" },
    { "7736A-001", "The KPP must be 4 digits, 2 digits or Latin letters, and 3 digits" },
    { "AB3601001", "The KPP must be 4 digits, 2 digits or Latin letters, and 3 digits" },
    { "773601A01", "The KPP must be 4 digits, 2 digits or Latin letters, and 3 digits" },
    { "7736АБ001", "The KPP must be 4 digits, 2 digits or Latin letters, and 3 digits" }, /* Cyrillic */
    { "", "The KPP is empty" },
    { "  ", "The KPP is empty" },
    { "000000000", "The KPP cannot be all zeros" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("KPP “%s”", valid[i]);
      g_assert_true (crm_kpp_check (valid[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("KPP “%s”", invalid[i].kpp);
      g_assert_false (crm_kpp_check (invalid[i].kpp, &error));
      g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, invalid[i].message);
    }
}

/* ------------------------------------------------------------------ */
/* OGRN and OGRNIP                                                      */

static void
test_ogrn (void)
{
  const char *valid[] = {
    "1027700132195", /* ПАО Сбербанк */
    "1027739642281",
    "1027700070518",   /* ПАО Газпром */
    "1027700229193",   /* ООО Яндекс */
    "304500116000157", /* ОГРНИП, the tax service's example */
    " 1027700132195 ",
  };
  const struct
  {
    const char *ogrn;
    const char *message;
  } invalid[] = {
    { "1027700132196", "The OGRN checksum does not match" },
    { "1027700132185", "The OGRN checksum does not match" },
    { "1027739642282", "The OGRN checksum does not match" },
    { "304500116000158", "The OGRNIP checksum does not match" },
    { "304500116000147", "The OGRNIP checksum does not match" },
    { "2027700132195", "An OGRN starts with 1 or 5" },
    { "0000000000000", "An OGRN starts with 1 or 5" },
    { "104500116000157", "An OGRNIP starts with 3" },
    { "102770013219", "The OGRN must have 13 digits, or 15 for an OGRNIP" },
    { "10277001321950", "The OGRN must have 13 digits, or 15 for an OGRNIP" },
    { "3045001160001570", "The OGRN must have 13 digits, or 15 for an OGRNIP" },
    { "1027700132I95", "The OGRN must contain only digits" },
    { "1 027700132195", "The OGRN must contain only digits" },
    { "", "The OGRN is empty" },
  };
  g_autofree char *ogrn = NULL;
  g_autofree char *ogrnip = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("OGRN “%s”", valid[i]);
      g_assert_true (crm_ogrn_check (valid[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("OGRN “%s”", invalid[i].ogrn);
      g_assert_false (crm_ogrn_check (invalid[i].ogrn, &error));
      g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, invalid[i].message);
    }

  ogrn = crm_ogrn_complete ("102770013219");
  ogrnip = crm_ogrn_complete ("30450011600015");
  g_assert_cmpstr (ogrn, ==, "1027700132195");
  g_assert_cmpstr (ogrnip, ==, "304500116000157");
  g_assert_null (crm_ogrn_complete ("1027700132"));
  g_assert_null (crm_ogrn_complete ("10277001321x"));

  for (guint i = 0; i < 2000; i++)
    {
      guint            len = (i % 2) ? 14 : 12;
      char             prefix[15];
      g_autofree char *number = NULL;
      char             saved;

      prefix[0] = len == 12 ? ((i % 4) ? '1' : '5') : '3';
      for (guint j = 1; j < len; j++)
        prefix[j] = (char) ('0' + g_test_rand_int_range (0, 10));
      prefix[len] = '\0';

      number = crm_ogrn_complete (prefix);
      g_assert_true (g_str_has_prefix (number, prefix));
      g_assert_cmpuint (strlen (number), ==, len + 1);
      g_assert_true (crm_ogrn_check (number, NULL));

      saved = number[len];
      number[len] = (char) ('0' + (saved - '0' + 1 + g_test_rand_int_range (0, 9)) % 10);
      g_assert_false (crm_ogrn_check (number, NULL));
    }
}

/* ------------------------------------------------------------------ */
/* Phones                                                               */

static const struct
{
  const char *text;
  const char *e164;
} phone_valid[] = {
  { "+7 (916) 325-87-98", "+79163258798" },
  { "8(916)3258798", "+79163258798" },
  { "8 916 325 87 98", "+79163258798" },
  { "9163258798", "+79163258798" },
  { "79163258798", "+79163258798" },
  { "89163258798", "+79163258798" },
  { "7(916)325-87-98", "+79163258798" },
  { "8.916.325.87.98", "+79163258798" },
  { "  +7 916 325 87 98  ", "+79163258798" },
  { "+7 916 325–87–98", "+79163258798" },                    /* en dashes */
  { "8\u00a0916\u00a0325\u00a087\u00a098", "+79163258798" }, /* no-break spaces */
  { "+7(903)1864989", "+79031864989" },
  { "+71234667898", "+71234667898" },
  { "8 (495) 123-45-67", "+74951234567" },
  { "495/123-45-67", "+74951234567" },
  { "8-800-555-35-35", "+78005553535" },
  { "7 495 123-45-67 доб. 123", "+74951234567;ext=123" },
  { "+7 495 1234567 ext. 45", "+74951234567;ext=45" },
  { "+7 495 123 45 67 Доб.77", "+74951234567;ext=77" },
  { "8 916 325 87 98 x123", "+79163258798;ext=123" },
  { "+7 495 123 45 67 #5", "+74951234567;ext=5" },
  { "+7 495 123-45-67, 123", "+74951234567;ext=123" },
  { "+7 495 123 45 67 вн. 12", "+74951234567;ext=12" },
  { "+7 495 123-45-67 (доб. 2045)", "+74951234567;ext=2045" },
  { "+7 916 325-87-98;ext=12", "+79163258798;ext=12" },
  { "+79163258798;ext=12", "+79163258798;ext=12" },
  { "+44 20 7946 0958", "+442079460958" },
  { "00 49 30 123456", "+4930123456" },
  { "8 10 49 30 123456", "+4930123456" },
  { "+1 (212) 555-0100", "+12125550100" },
  { "+375 29 123-45-67", "+375291234567" },
  { "+683 4002", "+6834002" },
};

static void
test_phone_normalize (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (phone_valid); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *e164 = NULL;

      g_test_message ("phone “%s”", phone_valid[i].text);
      e164 = crm_phone_normalize (phone_valid[i].text, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (e164, ==, phone_valid[i].e164);
    }
}

#define NOT_A_PHONE "A phone number can contain only digits, spaces, brackets, dashes and an extension"

static void
test_phone_invalid (void)
{
  const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "", "The phone number is empty" },
    { "   ", "The phone number is empty" },
    { "позвонить Ивану", NOT_A_PHONE },
    { "8 916 ABC 87 98", NOT_A_PHONE },
    { "tel:+79163258798", NOT_A_PHONE },
    { "+7 916 325+87 98", NOT_A_PHONE },
    { "+", NOT_A_PHONE },
    { "---", NOT_A_PHONE },
    { "\xff\xfe", NOT_A_PHONE },
    { "8 916 325 87 98 доб.", "The extension must be 1 to 10 digits" },
    { "8 916 325 87 98 доб. 12345678901", "The extension must be 1 to 10 digits" },
    { "8 916 325 87 98 доб. 12 и 13", "The extension must be 1 to 10 digits" },
    { "123-45-67", "The phone number has too few digits; write it with the area code" },
    { "12", "The phone number has too few digits; write it with the area code" },
    { "+7 916 325 87 9", "A Russian phone number must have 10 digits after +7" },
    { "+7 916 325 87 988", "A Russian phone number must have 10 digits after +7" },
    { "8916325879812", "Write a foreign phone number with “+” and the country code" },
    { "0123456789", "Write a foreign phone number with “+” and the country code" },
    { "49301234567", "Write a foreign phone number with “+” and the country code" },
    { "+0 123 4567890", "A country code cannot start with 0" },
    { "+44 20", "The phone number has too few digits" },
    { "+1234567890123456", "The phone number has too many digits" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *e164 = NULL;

      g_test_message ("phone “%s”", cases[i].text);
      e164 = crm_phone_normalize (cases[i].text, &error);
      g_assert_null (e164);
      g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_phone_format (void)
{
  const struct
  {
    const char *e164;
    const char *display;
  } cases[] = {
    { "+79163258798", "+7 916 325-87-98" },
    { "+74951234567", "+7 495 123-45-67" },
    { "+79163258798;ext=12", "+7 916 325-87-98 ext. 12" },
    { "+442079460958", "+442079460958" },
    { "+4930123456;ext=5", "+4930123456 ext. 5" },
    /* Unknown forms come back as they are. */
    { "8 916 325", "8 916 325" },
    { "", "" },
    { "+", "+" },
    { "+7916", "+7916" },
    { "+79163258798;ext=", "+79163258798;ext=" },
    { "+79163258798;ext=1a", "+79163258798;ext=1a" },
    { "+7916325879a", "+7916325879a" },
    { "+0123456789", "+0123456789" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *display = crm_phone_format (cases[i].e164);

      g_assert_cmpstr (display, ==, cases[i].display);
    }

  /* What is shown can be typed back in. */
  for (guint i = 0; i < G_N_ELEMENTS (phone_valid); i++)
    {
      g_autofree char *display = crm_phone_format (phone_valid[i].e164);
      g_autofree char *again = crm_phone_normalize (display, NULL);

      g_assert_cmpstr (again, ==, phone_valid[i].e164);
    }
}

static void
test_phone_search_digits (void)
{
  const struct
  {
    const char *text;
    const char *digits;
  } cases[] = {
    { "+7 (916) 325-87-98", "79163258798" },
    { "89163258798", "79163258798" },
    { "79163258798", "79163258798" },
    { "8 916 325", "7916325" },
    { "8(916)325", "7916325" },
    { "8-800", "7800" },
    { "916 325", "916325" },
    { "325-87", "32587" },
    { "8916", "8916" },
    { "5469898465", "5469898465" },
    { "1027700132195", "1027700132195" },
    { "+44 20 7946", "44207946" },
    { "+8 916 325 87 98", "89163258798" },
    { "+7 495 1234567 доб. 12", "74951234567" },
    { "123", "123" },
    { "12", NULL },
    { "8 9", NULL },
    { "", NULL },
    { "Иванов", NULL },
    { "ООО 123", NULL },
    { "A-123", NULL },
    { "ivan@mail.ru", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *digits = crm_phone_search_digits (cases[i].text);

      g_test_message ("search digits “%s”", cases[i].text);
      g_assert_cmpstr (digits, ==, cases[i].digits);
    }

  /* The digits of a normalised number are what rapport.phone_digits()
   * stores, so a full number typed in any spelling finds it. */
  for (guint i = 0; i < G_N_ELEMENTS (phone_valid); i++)
    {
      g_autofree char *digits = crm_phone_search_digits (phone_valid[i].text);
      const char      *e164 = phone_valid[i].e164;
      const char      *ext = strchr (e164, ';');
      g_autofree char *stored = g_strndup (e164 + 1, ext ? (gsize) (ext - e164 - 1) : strlen (e164 + 1));

      /* Foreign numbers typed with 00 or 8 10 keep those digits. */
      if (g_str_has_prefix (phone_valid[i].text, "00") || g_str_has_prefix (phone_valid[i].text, "8 10"))
        continue;
      /* Ten digits without the 7 are a fragment of the stored ones. */
      g_assert_nonnull (digits);
      g_assert_nonnull (strstr (stored, digits));
    }
}

/* ------------------------------------------------------------------ */
/* E-mail                                                               */

static void
test_email_valid (void)
{
  const struct
  {
    const char *text;
    const char *address;
  } cases[] = {
    { "ivan.petrov@example.com", "ivan.petrov@example.com" },
    { "  Ivan.Petrov@Example.COM ", "Ivan.Petrov@example.com" },
    { "info@пример.рф", "info@пример.рф" },
    { "INFO@ПРИМЕР.РФ", "INFO@пример.рф" },
    { "иван@пример.рф", "иван@пример.рф" },
    { "Иван.Петров@почта.рф", "Иван.Петров@почта.рф" },
    { "user+tag@mail.ru", "user+tag@mail.ru" },
    { "o'brien@example.ie", "o'brien@example.ie" },
    { "first_last-1@sub.domain-name.org", "first_last-1@sub.domain-name.org" },
    { "a@b.co", "a@b.co" },
    { "user@xn--e1afmkfd.xn--p1ai", "user@xn--e1afmkfd.xn--p1ai" },
    { "\"john doe\"@example.com", "\"john doe\"@example.com" },
    { "\"a@b\"@example.com", "\"a@b\"@example.com" },
    { "\"quote\\\"d\"@example.com", "\"quote\\\"d\"@example.com" },
    { "1234@mail.ru", "1234@mail.ru" },
    { "user@123.example.com", "user@123.example.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *address = NULL;

      g_test_message ("e-mail “%s”", cases[i].text);
      address = crm_email_normalize (cases[i].text, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (address, ==, cases[i].address);
    }
}

static void
test_email_invalid (void)
{
  const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "", "The e-mail address is empty" },
    { "   ", "The e-mail address is empty" },
    { "ivan", "An e-mail address must contain “@”" },
    { "ivan.example.com", "An e-mail address must contain “@”" },
    { "ivan@@example.com", "An e-mail address must contain only one “@”" },
    { "ivan@example.com, petr@example.com", "An e-mail address must contain only one “@”" },
    { "@example.com", "The part before “@” is not valid" },
    { ".ivan@example.com", "The part before “@” is not valid" },
    { "ivan.@example.com", "The part before “@” is not valid" },
    { "iv..an@example.com", "The part before “@” is not valid" },
    { "ivan petrov@example.com", "The part before “@” is not valid" },
    { "ivan,petrov@example.com", "The part before “@” is not valid" },
    { "<ivan@example.com>", "The part before “@” is not valid" },
    { "\"unterminated@example.com", "The part before “@” is not valid" },
    { "\"john\"doe@example.com", "The part before “@” is not valid" },
    { "ivan@", "The domain after “@” is not valid" },
    { "ivan@example", "The domain after “@” is not valid" },
    { "ivan@example.c", "The domain after “@” is not valid" },
    { "ivan@-example.com", "The domain after “@” is not valid" },
    { "ivan@example-.com", "The domain after “@” is not valid" },
    { "ivan@example..com", "The domain after “@” is not valid" },
    { "ivan@example.com.", "The domain after “@” is not valid" },
    { "ivan@.example.com", "The domain after “@” is not valid" },
    { "ivan@exa mple.com", "The domain after “@” is not valid" },
    { "ivan@exa_mple.com", "The domain after “@” is not valid" },
    { "ivan@192.168.0.1", "The domain after “@” is not valid" },
    { "ivan@[192.168.0.1]", "The domain after “@” is not valid" },
    { "ivan@пример.рф>", "The domain after “@” is not valid" },
    { "\xff@example.com", "The e-mail address is not valid text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *address = NULL;

      g_test_message ("e-mail “%s”", cases[i].text);
      address = crm_email_normalize (cases[i].text, &error);
      g_assert_null (address);
      g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* Length limits: 64 bytes before "@", 63 per label, 254 in all. */
  {
    g_autofree char *a64 = g_strnfill (64, 'a');
    g_autofree char *a65 = g_strnfill (65, 'a');
    g_autofree char *b63 = g_strnfill (63, 'b');
    g_autofree char *b64 = g_strnfill (64, 'b');
    g_autofree char *c60 = g_strnfill (60, 'c');
    g_autofree char *local_ok = g_strconcat (a64, "@example.com", NULL);
    g_autofree char *local_long = g_strconcat (a65, "@example.com", NULL);
    g_autofree char *label_ok = g_strconcat ("ivan@", b63, ".com", NULL);
    g_autofree char *label_long = g_strconcat ("ivan@", b64, ".com", NULL);
    /* 64 + 1 + 4 × 61 − 1 + 4 = 312 bytes, each part within its limit */
    g_autofree char *address_long = g_strdup_printf ("%s@%s.%s.%s.%s.com", a64, c60, c60, c60, c60);
    /* 13 + 1 + 3 × 61 + 53 + 4 = 254 bytes: just fits */
    g_autofree char *c53 = g_strnfill (53, 'c');
    g_autofree char *address_ok = g_strdup_printf ("ivan.petrov.x@%s.%s.%s.%s.com", c60, c60, c60, c53);
    g_autofree char *r1 = NULL;
    g_autofree char *r2 = NULL;
    g_autofree char *r3 = NULL;
    g_autoptr (GError) e1 = NULL;
    g_autoptr (GError) e2 = NULL;
    g_autoptr (GError) e3 = NULL;

    g_assert_cmpuint (strlen (address_ok), ==, 254);

    r1 = crm_email_normalize (local_ok, NULL);
    g_assert_cmpstr (r1, ==, local_ok);
    r2 = crm_email_normalize (label_ok, NULL);
    g_assert_cmpstr (r2, ==, label_ok);
    r3 = crm_email_normalize (address_ok, NULL);
    g_assert_cmpstr (r3, ==, address_ok);

    g_assert_null (crm_email_normalize (local_long, &e1));
    g_assert_cmpstr (e1->message, ==, "The part before “@” is not valid");
    g_assert_null (crm_email_normalize (label_long, &e2));
    g_assert_cmpstr (e2->message, ==, "The domain after “@” is not valid");
    g_assert_null (crm_email_normalize (address_long, &e3));
    g_assert_error (e3, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
    g_assert_cmpstr (e3->message, ==, "The e-mail address is too long");
  }
}

/* ------------------------------------------------------------------ */
/* Search                                                               */

static void
test_search_normalize (void)
{
  const struct
  {
    const char *text;
    const char *norm;
  } cases[] = {
    { "ГРОМЫХАЙЛО Игорь", "громыхайло игорь" },
    { "Ёлкин", "елкин" },
    { "ёжик в тумане", "ежик в тумане" },
    { "  Пётр   Ильич\tЧайковский\n", "петр ильич чайковский" },
    { "ООО «Ромашка»", "ооо «ромашка»" },
    { "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", "абвгдеежзийклмнопрстуфхцчшщъыьэюя" },
    { "Hello WORLD", "hello world" },
    { "Ivan.Petrov@Example.COM +7 916", "ivan.petrov@example.com +7 916" },
    { "ÄÖÜ Straße", "äöü straße" },
    { "ÏÎ Їжак Євген", "ïî їжак євген" },
    /* Each code point on its own, as PostgreSQL's lower() does it: no
     * final sigma, İ is plain i, and Roman numerals and circled letters
     * have lower-case forms too. */
    { "ΟΔΥΣΣΕΥΣ", "οδυσσευσ" },
    { "İstanbul", "istanbul" },
    { "Ⅻ Ⓐ", "ⅻ ⓐ" },
    { "a\r\n\v\fb", "a b" },
    { "a\u2003\u3000b", "a b" },
    /* No-break spaces are no white space to PostgreSQL's \s. */
    { "a\u00a0b", "a\u00a0b" },
    { "\u00a0a", "\u00a0a" },
    { "", "" },
    { " \t\n ", "" },
  };
  g_autofree char *from_null = crm_search_normalize (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *norm = crm_search_normalize (cases[i].text);

      g_test_message ("normalise “%s”", cases[i].text);
      g_assert_cmpstr (norm, ==, cases[i].norm);
    }

  g_assert_cmpstr (from_null, ==, "");
}

/* What the search triggers build search_text from (test-search checks
 * these against the server too). */
static void
test_search_parts (void)
{
  const char *const parts[] = { "ЁЛКИН", NULL, "  Пётр\t", "", "Иван\u2003Ильич" };
  g_autofree char  *joined = crm_search_join (parts, G_N_ELEMENTS (parts));
  g_autofree char  *none = crm_search_join (parts + 1, 1);
  g_autofree char  *digits = crm_search_phone_digits ("+7 (916) 325-87-98;ext=5");
  g_autofree char  *ext_only = crm_search_phone_digits (";ext=5");
  g_autofree char  *no_phone = crm_search_phone_digits (NULL);

  g_assert_cmpstr (joined, ==, "елкин петр иван ильич");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (digits, ==, "79163258798");
  g_assert_cmpstr (ext_only, ==, "");
  g_assert_cmpstr (no_phone, ==, "");
}

static void
test_search_classify (void)
{
  const struct
  {
    const char   *query;
    CrmSearchKind kind;
    const char   *term;
  } cases[] = {
    { "", CRM_SEARCH_EMPTY, NULL },
    { "   ", CRM_SEARCH_EMPTY, NULL },
    { "громых", CRM_SEARCH_TEXT, "громых" },
    { "ГРОМЫХАЙЛО Игорь", CRM_SEARCH_TEXT, "громыхайло игорь" },
    { "  Ёлкин ", CRM_SEARCH_TEXT, "елкин" },
    { "ООО 123", CRM_SEARCH_TEXT, "ооо 123" },
    { "ivan@mail.ru", CRM_SEARCH_TEXT, "ivan@mail.ru" },
    { "A-123", CRM_SEARCH_TEXT, "a-123" },
    { "Гр", CRM_SEARCH_PREFIX, "гр" },
    { "г", CRM_SEARCH_PREFIX, "г" },
    { " Ёж ", CRM_SEARCH_PREFIX, "еж" },
    { "12", CRM_SEARCH_PREFIX, "12" },
    { "+7 (916) 325-87-98", CRM_SEARCH_DIGITS, "79163258798" },
    { "79163258798", CRM_SEARCH_DIGITS, "79163258798" },
    { "89163258798", CRM_SEARCH_DIGITS, "79163258798" },
    { "8 916 325", CRM_SEARCH_DIGITS, "7916325" },
    { "5469898465", CRM_SEARCH_DIGITS, "5469898465" },
    { "7707083893", CRM_SEARCH_DIGITS, "7707083893" },
    { "325-87", CRM_SEARCH_DIGITS, "32587" },
    { "123", CRM_SEARCH_DIGITS, "123" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *term = NULL;
      CrmSearchKind    kind;

      g_test_message ("classify “%s”", cases[i].query);
      kind = crm_search_classify (cases[i].query, &term);
      g_assert_cmpint (kind, ==, cases[i].kind);
      g_assert_cmpstr (term, ==, cases[i].term);

      /* The term is optional. */
      g_assert_cmpint (crm_search_classify (cases[i].query, NULL), ==, cases[i].kind);
    }

  {
    g_autofree char *term = NULL;

    g_assert_cmpint (crm_search_classify (NULL, &term), ==, CRM_SEARCH_EMPTY);
    g_assert_null (term);
  }
}

static void
test_employee_login (void)
{
  static const struct
  {
    const char *full_name;
    const char *login;
  } cases[] = {
    { "Соколов Дмитрий Андреевич", "sokolov.da" },
    { "  Щукина   Юлия  Ёлкина ", "shchukina.ie" },
    { "Хачатрян Цовинар", "khachatrian.t" },
    { "Жуков", "zhukov" },
    { "Римский-Корсаков Николай Андреевич", "rimskii-korsakov.na" },
    { "John Smith", "john.s" },
    { "Ёлкин Ян", "elkin.i" },
    { "", NULL },
    { "123", NULL },
    { "«»", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *login = crm_employee_suggest_login (cases[i].full_name);

      g_assert_cmpstr (login, ==, cases[i].login);
      if (login != NULL)
        g_assert_true (crm_employee_check_login (login, NULL));
    }
  g_assert_null (crm_employee_suggest_login (NULL));

  /* What rapport.employee_add() takes. */
  g_assert_true (crm_employee_check_login ("ivanova", NULL));
  g_assert_true (crm_employee_check_login ("_svc.backup-1", NULL));
  g_assert_false (crm_employee_check_login ("Ivanova", NULL));
  g_assert_false (crm_employee_check_login ("1ivanova", NULL));
  g_assert_false (crm_employee_check_login ("rapport_admin", NULL));
  g_assert_false (crm_employee_check_login ("pg_monitor", NULL));
  g_assert_false (crm_employee_check_login ("x\"; DROP ROLE y; --", NULL));
}

/* ------------------------------------------------------------------ */
/* Money                                                                */

static void
test_money_parse (void)
{
  const struct
  {
    const char *text;
    gint64      kopecks;
  } ok[] = {
    { "1 234,56", 123456 },
    { "1234.56", 123456 },
    { "1 234 ₽", 123400 },
    { "1234 руб.", 123400 },
    { "1\xc2\xa0"
      "234,5\xc2\xa0₽",
      123450 },
    { "1.234,56", 123456 },
    { "1,234,567.89", 123456789 },
    { "1 250 000", 125000000 },
    { "0,07", 7 },
    { "  42 р. ", 4200 },
    { "-500", -50000 },
    { "−1 234,56 ₽", -123456 },
    { "1 234,56 ₽", 123456 },
  };
  const char *bad[] = { "", "abc", "12,345,6", "1,2,3", "12.345.6", "1.234567", ",5", "5,", "1-2", "₽", "12 $" };
  gint64      k;

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_test_message ("%s", ok[i].text);
      g_assert_cmpint (crm_money_parse (ok[i].text, TRUE, &k), ==, CRM_MONEY_OK);
      g_assert_cmpint (k, ==, ok[i].kopecks);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_cmpint (crm_money_parse (bad[i], TRUE, &k), ==, CRM_MONEY_INVALID);
    }
  g_assert_cmpint (crm_money_parse ("-500", FALSE, &k), ==, CRM_MONEY_NEGATIVE);
  g_assert_cmpint (k, ==, 0);
  g_assert_cmpint (crm_money_parse ("-0", FALSE, &k), ==, CRM_MONEY_OK);
  g_assert_cmpint (crm_money_parse ("99999999999999999999", TRUE, &k), ==, CRM_MONEY_TOO_LARGE);
}

static void
test_money_format (void)
{
  const struct
  {
    gint64      kopecks;
    const char *shown;
    const char *plain;
  } cases[] = {
    { 123456, "1\xc2\xa0"
              "234,56\xc2\xa0₽",
      "1234.56" },
    { 7, "0,07\xc2\xa0₽", "0.07" },
    { 150000, "1\xc2\xa0"
              "500,00\xc2\xa0₽",
      "1500.00" },
    { 123456789012, "1\xc2\xa0"
                    "234\xc2\xa0"
                    "567\xc2\xa0"
                    "890,12\xc2\xa0₽",
      "1234567890.12" },
    { -50050, "−500,50\xc2\xa0₽", "-500.50" },
    { G_MININT64, NULL, "-92233720368547758.08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = crm_money_format (cases[i].kopecks);
      g_autofree char *plain = crm_money_format_plain (cases[i].kopecks);
      gint64           back;

      if (cases[i].shown != NULL)
        {
          g_assert_cmpstr (shown, ==, cases[i].shown);
          /* What is shown reads back as the same sum. */
          g_assert_cmpint (crm_money_parse (shown, TRUE, &back), ==, CRM_MONEY_OK);
          g_assert_cmpint (back, ==, cases[i].kopecks);
        }
      g_assert_cmpstr (plain, ==, cases[i].plain);
    }
}

static void
test_money_check_text (void)
{
  const CrmField   price = { "price", "Price", CRM_FIELD_MONEY, CRM_FIELD_NO_NEGATIVE, NULL };
  const CrmField   amount = { "amount", "Amount", CRM_FIELD_MONEY, 0, NULL };
  g_autofree char *normalized = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (crm_field_check_text (&price, " 1 234,56 ₽ ", &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "123456");
  g_clear_pointer (&normalized, g_free);

  g_assert_true (crm_field_check_text (&price, "", &normalized, &error));
  g_assert_null (normalized);

  g_assert_false (crm_field_check_text (&price, "-10", &normalized, &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Price: "));
  g_assert_null (normalized);
  g_clear_error (&error);

  g_assert_true (crm_field_check_text (&amount, "-10", &normalized, &error));
  g_assert_cmpstr (normalized, ==, "-1000");
  g_clear_pointer (&normalized, g_free);

  g_assert_false (crm_field_check_text (&amount, "десять", &normalized, &error));
  g_assert_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "десять"));
  g_assert_cmpint (crm_field_get_value_type (&amount), ==, G_TYPE_INT64);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/values/inn/valid", test_inn_valid);
  g_test_add_func ("/values/inn/invalid", test_inn_invalid);
  g_test_add_func ("/values/inn/complete", test_inn_complete);
  g_test_add_func ("/values/kpp", test_kpp);
  g_test_add_func ("/values/ogrn", test_ogrn);
  g_test_add_func ("/values/phone/normalize", test_phone_normalize);
  g_test_add_func ("/values/phone/invalid", test_phone_invalid);
  g_test_add_func ("/values/phone/format", test_phone_format);
  g_test_add_func ("/values/phone/search-digits", test_phone_search_digits);
  g_test_add_func ("/values/email/valid", test_email_valid);
  g_test_add_func ("/values/email/invalid", test_email_invalid);
  g_test_add_func ("/values/search/normalize", test_search_normalize);
  g_test_add_func ("/values/search/parts", test_search_parts);
  g_test_add_func ("/values/search/classify", test_search_classify);
  g_test_add_func ("/values/employee/login", test_employee_login);
  g_test_add_func ("/values/money/parse", test_money_parse);
  g_test_add_func ("/values/money/format", test_money_format);
  g_test_add_func ("/values/money/check-text", test_money_check_text);

  return g_test_run ();
}
