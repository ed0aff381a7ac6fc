#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  provcheck::testing::isolateGitEnvironment();
  return RUN_ALL_TESTS();
}
